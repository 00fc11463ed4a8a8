/** Query handling of the data reads: list parameters (comma-joined or repeated), the date window, filters. */
import type { MockContext, MockResponse } from '../kernel/types';
import { fail } from './errors';
import { DAY_MS, type Json, type SahhaState } from './state';

type Ctx = MockContext<SahhaState>;

const WINDOW_MS = 7 * DAY_MS;

/** Every value of a list parameter, whether the key repeats (`types=a&types=b`) or the values are comma-joined. */
function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** The values asked for, or a 400 naming the first value the spec does not allow. */
export function allowedParam(ctx: Ctx, name: string): string[] | MockResponse {
  const values = listParam(ctx.req.query, name);
  const allowed = ctx.state.spec.allowedValues(ctx.req.op, name);
  const bad = allowed ? values.find((v) => !allowed.includes(v)) : undefined;
  if (bad !== undefined) return fail(ctx, 400, `query.${name}`, `query.${name} has "${bad}"; it must be one of ${allowed!.map((a) => `"${a}"`).join(', ')}.`);
  return values;
}

interface Window {
  start: number;
  end: number;
}

function parseInstant(ctx: Ctx, name: string): number | undefined | MockResponse {
  const raw = ctx.req.query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? fail(ctx, 400, `query.${name}`, `query.${name} "${raw}" is not an ISO 8601 date-time.`) : ms;
}

/** The requested window (the spec's decision: 7 days before now by default, 7 days from the one date given). */
export function dateWindow(ctx: Ctx): Window | MockResponse {
  const start = parseInstant(ctx, 'startDateTime');
  if (typeof start === 'object') return start;
  const end = parseInstant(ctx, 'endDateTime');
  if (typeof end === 'object') return end;
  const w: Window =
    start === undefined && end === undefined
      ? { start: ctx.clock.now() - WINDOW_MS, end: ctx.clock.now() }
      : { start: start ?? end! - WINDOW_MS, end: end ?? start! + WINDOW_MS };
  if (w.start > w.end) return fail(ctx, 400, 'query.startDateTime', 'query.startDateTime is after query.endDateTime.');
  return w;
}

/** Does the item's interval [from, to] overlap the window? */
export function overlaps(item: Json, fromField: string, toField: string, w: Window): boolean {
  const from = Date.parse(String(item[fromField]));
  const to = Date.parse(String(item[toField]));
  return from <= w.end && to >= w.start;
}

/** Does the item's field equal one of the wanted values (strings, or numbers written as strings)? */
export function fieldMatches(item: Json, field: string, wanted: string[]): boolean {
  const value = item[field];
  return wanted.some((w) => String(value) === w || (typeof value === 'number' && Number(w) === value));
}
