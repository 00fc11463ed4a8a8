/**
 * The verdicts of the deeper phases on one answer: a request inside what the spec documents is not refused as
 * invalid and passes every response check; one outside it is rejected with a documented 4xx; a filter the spec
 * declares (`x-conformance.filters`) is applied; an update shows in a later read; a deleted resource is gone.
 * Each failure carries the phase's ID and the usual "Received / Documented" message and spec pointer.
 */
import { findResponse, getByPointer, type OperationInfo, type Spec } from '../openapi';
import { failure, type FailureDetails } from './failure';
import { checkNegativeRejected } from './negative';
import { bodyFailures } from './response';
import { isObj } from './schema-facts';
import type { CheckContext, CheckFailure, CheckId, DeepPhaseId, QueryValues } from './types';

/** A failure of a deep phase: a response check's (its own ID) or the phase's own. */
export type PhaseFailure = Omit<CheckFailure, 'check'> & { check: CheckId | DeepPhaseId };

export function phaseFailure(phase: DeepPhaseId, title: string, details: FailureDetails): PhaseFailure {
  return { ...failure('GEN-STATUS', title, details), check: phase };
}

/** Statuses that say "this request is invalid": a documented input must never get them. */
const INVALID_STATUSES = new Set([400, 422]);

/**
 * A request built only from what the spec documents (its enum values, bounds) got no server error and, when
 * `refusalCounts`, was not refused as invalid (400, 422). Other documented statuses (404, 409) depend on the
 * target's state and pass; the response checks judge their bodies. Values whose content names state (an example id,
 * a cursor, a string of some length) may be refused for what they name, so their callers pass `refusalCounts` false.
 */
export function checkNotRefused(phase: DeepPhaseId, ctx: CheckContext, what: string, refusalCounts = true): PhaseFailure[] {
  const { status } = ctx.response;
  const documented = ctx.op.responses.filter((r) => /^2/.test(r.status)).map((r) => r.status).join(', ') || 'a 2xx';
  if (status >= 500) return [phaseFailure(phase, 'Documented input answered with a server error', { received: `${status} to ${what}`, documented, pointer: `${ctx.op.pointer}/responses` })];
  if (refusalCounts && INVALID_STATUSES.has(status)) return [phaseFailure(phase, 'Documented input refused as invalid', { received: `${status} to ${what}`, documented, pointer: `${ctx.op.pointer}/responses` })];
  return [];
}

/** A request outside the documented bounds was rejected with 400 or a documented 4xx, in the documented shape. */
export function checkRejected(phase: DeepPhaseId, ctx: CheckContext): PhaseFailure[] {
  return checkNegativeRejected(ctx).map((f) => ({ ...f, check: phase }));
}

// ---- filters ------------------------------------------------------------------------------------------------

/** `x-conformance.filters` of an operation: query parameter name -> pointer pattern of the values it filters. */
export function declaredFilters(spec: Spec, op: OperationInfo): Record<string, string> {
  const raw = getByPointer(spec.document, `${op.pointer}/x-conformance/filters`);
  return isObj(raw) ? Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};
}

/** Every value at a pointer pattern ("/data/*\/metric": `*` is every item of an array), with its concrete pointer. */
export function valuesAt(value: unknown, pattern: string): { pointer: string; value: unknown }[] {
  const parts = pattern.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let current: { pointer: string; value: unknown }[] = [{ pointer: '', value }];
  for (const part of parts) {
    const next: { pointer: string; value: unknown }[] = [];
    for (const c of current) {
      if (part === '*' && Array.isArray(c.value)) c.value.forEach((v, i) => next.push({ pointer: `${c.pointer}/${i}`, value: v }));
      else if (isObj(c.value) && part in c.value) next.push({ pointer: `${c.pointer}/${part}`, value: c.value[part] });
      else if (Array.isArray(c.value) && /^\d+$/.test(part) && Number(part) < c.value.length) next.push({ pointer: `${c.pointer}/${part}`, value: c.value[Number(part)] });
    }
    current = next;
  }
  return current;
}

/** The values a query parameter asks for (an array, or a comma-separated string). */
function requested(value: QueryValues[string]): string[] {
  const list = Array.isArray(value) ? value : String(value).split(',');
  return list.map((v) => String(v).trim()).filter((v) => v !== '');
}

/**
 * Every filter the operation declares and the request used is applied: each value the answer holds at the filter's
 * pointer is one of the values asked for. Only 2xx JSON answers are judged.
 */
export function checkFilters(phase: DeepPhaseId, spec: Spec, op: OperationInfo, query: QueryValues, status: number, json: unknown): PhaseFailure[] {
  if (status < 200 || status >= 300 || json === undefined) return [];
  const out: PhaseFailure[] = [];
  for (const [param, pattern] of Object.entries(declaredFilters(spec, op))) {
    const asked = query[param];
    if (asked === undefined) continue;
    const allowed = new Set(requested(asked));
    if (allowed.size === 0) continue;
    const stray = valuesAt(json, pattern).filter((v) => !allowed.has(String(v.value)));
    if (stray.length === 0) continue;
    out.push(
      phaseFailure(phase, 'Filter not applied', {
        received: `${stray.length} value(s) outside the filter at ${pattern}, first ${JSON.stringify(stray[0]!.value)} at ${stray[0]!.pointer}`,
        documented: `query.${param}=${[...allowed].join(',')}: every value at ${pattern} is one of them (x-conformance.filters)`,
        pointer: `${op.pointer}/x-conformance/filters/${param}`,
      }),
    );
  }
  return out;
}

// ---- state ------------------------------------------------------------------------------------------------

/** Leaves of a JSON value with their pointers (objects walked, arrays and scalars are leaves). */
function leaves(value: unknown, pointer = ''): { pointer: string; value: unknown }[] {
  if (!isObj(value)) return [{ pointer, value }];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${pointer}/${k}`));
}

/** Objects anywhere in a JSON value, the value itself first. */
function objectsIn(value: unknown, pointer = ''): { pointer: string; value: Record<string, unknown> }[] {
  const here = isObj(value) ? [{ pointer, value }] : [];
  const children = isObj(value) ? Object.entries(value).map(([k, v]) => [k, v] as const) : Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : [];
  return [...here, ...children.flatMap(([k, v]) => objectsIn(v, `${pointer}/${k}`))];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The read after an update shows it: some object of the read's body (the body itself, or what it wraps, such as
 * `data`) holds every leaf the update sent, at the same place.
 */
export function checkUpdateVisible(update: { operationId: string; body: unknown }, read: { op: OperationInfo; status: number; json: unknown }): PhaseFailure[] {
  const sent = leaves(update.body).filter((l) => l.pointer !== '');
  if (sent.length === 0) return [];
  const holders = objectsIn(read.json);
  const shows = (o: Record<string, unknown>) => sent.every((l) => same(getByPointer(o, l.pointer), l.value));
  if (read.status >= 200 && read.status < 300 && holders.some((h) => shows(h.value))) return [];
  const best = holders.find((h) => sent.some((l) => getByPointer(h.value, l.pointer) !== undefined)) ?? holders[0];
  const missing = sent.find((l) => !best || !same(getByPointer(best.value, l.pointer), l.value));
  const got = best && missing ? getByPointer(best.value, missing.pointer) : undefined;
  return [
    phaseFailure('GEN-STATEFUL', 'Update not visible to a later read', {
      received: `${read.op.operationId} answered ${read.status}${missing ? ` with ${missing.pointer.slice(1)} = ${JSON.stringify(got)}${best?.pointer ? ` (under ${best.pointer})` : ''}` : ''}`,
      documented: `the values ${update.operationId} set: ${sent.map((l) => `${l.pointer.slice(1)} = ${JSON.stringify(l.value)}`).join(', ')}`,
      pointer: `${read.op.pointer}/responses`,
    }),
  ];
}

/** After the delete, a read of what was deleted answers a documented 404 or 410 in its documented shape. */
export function checkGone(ctx: CheckContext, deletedBy: string): PhaseFailure[] {
  const { status } = ctx.response;
  const gone = ctx.op.responses.filter((r) => r.status === '404' || r.status === '410').map((r) => r.status);
  const documented = `${gone.length ? gone.join(' or ') : '404 or 410'} after ${deletedBy}`;
  if (status !== 404 && status !== 410) return [phaseFailure('GEN-STATEFUL', 'Deleted resource still served', { received: `${ctx.op.operationId} answered ${status}`, documented, pointer: `${ctx.op.pointer}/responses` })];
  const resp = findResponse(ctx.op, status);
  return resp ? bodyFailures(ctx, resp, 'GEN-STATUS').map((f) => ({ ...f, check: 'GEN-STATEFUL' as const })) : [];
}
