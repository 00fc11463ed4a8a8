/**
 * Assertions and small helpers shared by the Sahha scenarios. Every assertion names the operation, what was
 * expected and what came back, and never prints a token (bodies are compared field by field, redacted).
 */
import { runChecks } from '../../../src/checks';
import type { ProviderSession } from '../../../src/adapters';
import { schemeSlot } from '../../../src/adapters/sahha';
import type { ApiResult } from '../../../src/targets/api';
import { expect } from '../fixtures';

type Json = Record<string, unknown>;

/** The answer has `status`, and its content type and body are the ones the spec documents for that status. */
export function expectDocumented(session: ProviderSession, res: ApiResult, status: number, what: string): void {
  expect(res.status, `${what}: ${res.op.operationId} should answer ${status}, it answered ${res.status}`).toBe(status);
  const context = { spec: session.spec, op: res.op, request: { method: res.op.method.toUpperCase(), url: res.exchange.request.url }, response: res };
  const failures = runChecks(context, ['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA']).map((f) => session.redactor.redactText(`${f.title} (${f.pointer}): ${f.message}`));
  expect(failures, `${what}: the ${status} answer of ${res.op.operationId} does not match the spec`).toEqual([]);
}

/** Rejected with `status` in Sahha's documented error shape, with the same status in the body's statusCode. */
export function expectRejected(session: ProviderSession, res: ApiResult, status: number, what: string): void {
  expectDocumented(session, res, status, what);
  expect((res.json as Json).statusCode, `${what}: the error body's statusCode`).toBe(status);
}

/** The origins an error body names ("query.types", "Authorization"). */
export function origins(res: ApiResult): string[] {
  const errors = (res.json as { errors?: { origin?: unknown }[] } | undefined)?.errors ?? [];
  return errors.map((e) => String(e.origin));
}

/** A 204 with nothing in it: the documented "no data" answer. */
export function expectNoData(session: ProviderSession, res: ApiResult, what: string): void {
  expectDocumented(session, res, 204, what);
  expect(res.bodyText, `${what}: a 204 from ${res.op.operationId} must have no body`).toBe('');
}

/** The items of a 200 list answer (a read the test expects to hold data). */
export function items(session: ProviderSession, res: ApiResult, what: string): Json[] {
  expectDocumented(session, res, 200, what);
  expect(Array.isArray(res.json), `${what}: ${res.op.operationId} should answer a list`).toBe(true);
  return res.json as Json[];
}

/** The distinct values of a field over a list, sorted. */
export function distinct(list: Json[], field: string): string[] {
  return [...new Set(list.map((i) => String(i[field])))].sort();
}

/** The ids of a list, in order (to compare two reads of the same data). */
export const ids = (list: Json[]): string[] => list.map((i) => String(i.id));

/** The keys of a body, sorted: compares shapes without ever printing a token value. */
export const keysOf = (body: unknown): string[] => Object.keys((body ?? {}) as Json).sort();

/** The scheme's header (`Authorization`) with a raw value (any word, or none), for scheme-word probes. */
export function rawAuthorization(scheme: string, value: string): Record<string, string> {
  return { [schemeSlot(scheme).header]: value };
}

/** A window with no data at all (a month long before any provider existed). */
export const EMPTY_WINDOW = { startDateTime: '2001-01-01T00:00:00Z', endDateTime: '2001-01-31T00:00:00Z' };

/** Whether the target lets this operation run (the production target refuses writes). */
export function callableOn(session: ProviderSession, operationId: string): boolean {
  const op = session.spec.operation(operationId);
  return session.target.target !== 'production' || (op.conformance.production && !op.conformance.mutates);
}
