/** Reading the query of list operations: offset paging (page, per_page, meta) and the date range of data reads. */
import type { MockContext, MockResponse } from '../kernel/types';
import { addDays, localDate } from './calendar';
import { invalid } from './errors';
import { FAULT } from './fault-names';
import type { Json, SonarState, UserRecord } from './state';

type Ctx = MockContext<SonarState>;

interface Paging {
  page: number;
  perPage: number;
}

/** Days before end_date where the default range starts (the spec's StartDate decision). */
const DEFAULT_RANGE_DAYS = 7;

/** An integer query value (the kernel has already validated it against the spec), or the fallback. */
function integer(ctx: Ctx, name: string, fallback: number): number {
  const raw = ctx.req.query.get(name);
  return raw === null ? fallback : Number(raw);
}

function paging(ctx: Ctx): Paging {
  const fallback = ctx.state.facts.defaultPerPage;
  const perPage = ctx.faults.has(FAULT.perPageIgnored) ? fallback : integer(ctx, 'per_page', fallback);
  return { page: integer(ctx, 'page', 1), perPage };
}

/** One page of the items as `{data, meta: {page, per_page, total}}`. */
export function pageOf(ctx: Ctx, items: Json[]): MockResponse {
  const { page, perPage } = paging(ctx);
  if (ctx.faults.has(FAULT.pageBeyondLastBreaks) && ctx.req.op.operationId === 'listSleep' && page > 1 && (page - 1) * perPage >= items.length) {
    return ctx.error(500, 'internal_error', `Page ${page} could not be read.`);
  }
  const data = items.slice((page - 1) * perPage, page * perPage);
  const meta = { page, per_page: perPage, total: items.length };
  return { status: 200, body: ctx.faults.has(FAULT.pageMetaMissing) ? { data } : { data, meta } };
}

/** Every item as `{data}`, for the lists the reference does not page (devices, webhooks, latest scores). */
export function allOf(items: Json[]): MockResponse {
  return { status: 200, body: { data: items } };
}

interface DateRange {
  start: string;
  end: string;
}

/** The inclusive range of calendar days asked for, with the defaults of the spec, or the 400 for a backwards range. */
export function dateRange(ctx: Ctx, user: UserRecord): DateRange | MockResponse {
  const q = ctx.req.query;
  const end = q.get('end_date') ?? localDate(ctx.clock.now(), user.timezone);
  const start = q.get('start_date') ?? addDays(end, -DEFAULT_RANGE_DAYS);
  if (start > end) return invalid(ctx, 'query.start_date', `query.start_date (${start}) must not be after query.end_date (${end}).`);
  return { start, end };
}

/** The comma-separated values of a list parameter (validated by the kernel), or undefined when absent. */
export function listParam(ctx: Ctx, name: string): Set<string> | undefined {
  const values = ctx.req.query.getAll(name).flatMap((v) => v.split(','));
  return values.length ? new Set(values) : undefined;
}
