/**
 * Assertions and small helpers shared by the Sonar scenarios. Every assertion names the operation, what was
 * expected and what came back, and never prints a token (bodies are compared by keys and codes, redacted).
 */
import type { TestInfo } from '@playwright/test';
import { runChecks } from '../../../src/checks';
import { apiKeyHeaders, type IssuedToken } from '../../../src/adapters/sonar';
import type { ProviderSession } from '../../../src/adapters';
import type { ApiResult, CallOptions } from '../../../src/targets/api';
import type { TargetName } from '../../../src/targets';
import { expect } from '../fixtures';

type Json = Record<string, unknown>;

export const SECOND_MS = 1000;
/** The seconds the server's clock and its issue time may differ from the Date header (second resolution, latency). */
const CLOCK_TOLERANCE_SECONDS = 5;

/** The answer has `status`, and its content type and body are the ones the spec documents for that status. */
export function expectDocumented(session: ProviderSession, res: ApiResult, status: number, what: string): void {
  expect(res.status, `${what}: ${res.op.operationId} should answer ${status}, it answered ${res.status} (${session.redactor.redactText(res.bodyText.slice(0, 300))})`).toBe(status);
  const context = { spec: session.spec, op: res.op, request: { method: res.op.method.toUpperCase(), url: res.exchange.request.url }, response: res };
  const failures = runChecks(context, ['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA']).map((f) => session.redactor.redactText(`${f.title} (${f.pointer}): ${f.message}`));
  expect(failures, `${what}: the ${status} answer of ${res.op.operationId} does not match the spec`).toEqual([]);
}

/** Refused with `status` and the error code `code`, in the documented `{error, message, details}` shape. */
export function expectError(session: ProviderSession, res: ApiResult, status: number, code: string, what: string): void {
  expectDocumented(session, res, status, what);
  expect(Object.keys(res.json as Json).sort(), `${what}: the fields of the error body`).toEqual(['details', 'error', 'message']);
  expect((res.json as Json).error, `${what}: the error code of the ${status} answer`).toBe(code);
}

/** The `data` list of a 200 paged answer. */
export function listData(session: ProviderSession, res: ApiResult, what: string): Json[] {
  expectDocumented(session, res, 200, what);
  return (res.json as { data: Json[] }).data;
}

/** The seconds from the answer's `Date` header (when the server issued it) to an `expires_at`. */
export function secondsUntil(res: ApiResult, expiresAt: string, what: string): number {
  const issued = Date.parse(res.headers['date'] ?? '');
  expect(Number.isNaN(issued), `${what}: ${res.op.operationId} should send a Date header (the issue time the expiry is measured from)`).toBe(false);
  const expires = Date.parse(expiresAt);
  expect(Number.isNaN(expires), `${what}: expires_at should be a date-time, got ${expiresAt}`).toBe(false);
  return (expires - issued) / SECOND_MS;
}

/** `expires_at` lies `lifetime` seconds after the issue (within the clock tolerance). */
export function expectLifetime(res: ApiResult, issued: IssuedToken, lifetimeSeconds: number, what: string): void {
  const seconds = secondsUntil(res, issued.expires_at, what);
  expect(Math.abs(seconds - lifetimeSeconds), `${what}: expires_at is ${seconds} s after the issue (Date header), expected ${lifetimeSeconds} s`).toBeLessThanOrEqual(CLOCK_TOLERANCE_SECONDS);
}

/** The documented lifetime of a token kind (its scheme's x-lifetime-seconds). */
export function lifetimeOf(session: ProviderSession, scheme: string): number {
  const def = session.spec.document.components?.securitySchemes?.[scheme] as Json | undefined;
  const seconds = def?.['x-lifetime-seconds'];
  if (typeof seconds !== 'number') throw new Error(`The sonar spec gives no x-lifetime-seconds for the ${scheme} scheme.`);
  return seconds;
}

/** The answer is a token `{token, user_id, expires_at}` for the user (the fields exactly, as documented). */
export function expectIssued(session: ProviderSession, res: ApiResult, userId: string, what: string): IssuedToken {
  expectDocumented(session, res, 200, what);
  const issued = res.json as IssuedToken;
  session.redactor.addSecret(issued.token);
  expect(Object.keys(issued).sort(), `${what}: the fields of the token answer`).toEqual(['expires_at', 'token', 'user_id']);
  expect(issued.user_id, `${what}: the token's user_id`).toBe(userId);
  return issued;
}

/** A well-formed user id that no user has. */
export const unknownUserId = (): string => `usr_conformance_unknown_${Date.now().toString(36)}`;

/** The reads a user token may make of its own user (SON-SCP-1: scores, latest scores too, daily, sleep, workouts, time series, devices), with the query each needs. */
export const USER_TOKEN_READS: { operationId: string; query?: CallOptions['query'] }[] = [
  { operationId: 'listScores' },
  { operationId: 'getLatestScores' },
  { operationId: 'listDailyMetrics' },
  { operationId: 'listSleep' },
  { operationId: 'listWorkouts' },
  { operationId: 'listTimeseries', query: { metric: 'heart_rate' } },
  { operationId: 'listDevices' },
];

/** Skips scenarios that mint tokens or write: the production target is read-only (the API refuses such calls). */
export function needsWrites(testInfo: TestInfo, target: TargetName, id: string): void {
  testInfo.skip(target === 'production', `${id} mints user tokens or creates users, which the read-only production target refuses; it runs on the mock and sandbox targets.`);
}

/** Calls an operation with the configured API key. */
export function withApiKey(session: ProviderSession, operationId: string, opts: Omit<CallOptions, 'auth'> = {}): Promise<ApiResult> {
  return session.api.call(operationId, { ...opts, auth: apiKeyHeaders(session) });
}
