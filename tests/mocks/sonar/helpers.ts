/**
 * Helpers of the Sonar mock's own tests: start an instance, call operations by operationId with plain fetch and a
 * bearer credential, mint tokens, drive the control surface, and check the error shape against the spec. Paths
 * come from the spec, never typed by hand.
 */
import { expect } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { definition, type SonarState } from '../../../mocks/sonar';
import { findResponse, loadSpecSync } from '../../../src/openapi';
import { callOperation, type Answer, type CallOptions as BaseCallOptions } from '../client';

export { control, type Answer } from '../client';

export type Sonar = RunningMock<SonarState>;

export const spec = loadSpecSync('sonar');
/** The seeded keys (mocks/sonar/initial-state.ts), what SONAR_API_KEY and SONAR_LIVE_API_KEY hold at start. */
export const SANDBOX_KEY = 'sk_sandbox_mock_0001';
export const LIVE_KEY = 'sk_live_mock_0001';
/** A well-formed user id of no user. */
export const UNKNOWN_USER = 'usr_mock_unknown';
export const HANDSHAKE_BODY = { platform: 'ios', sdk_version: '2.4.1' };

export function startSonar(): Promise<Sonar> {
  return definition().then((def) => startMock(def, { port: 0, validateResponses: true }));
}

export interface CallOptions extends BaseCallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
}

/** Calls an operation of the spec by operationId against a running instance, with the token as a bearer credential. */
export function call(mock: Sonar, operationId: string, { token, ...opts }: CallOptions = {}): Promise<Answer> {
  const headers = { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(opts.headers ?? {}) };
  return callOperation(spec, mock, operationId, { ...opts, headers });
}

/** Ids of the seeded users of an environment, oldest first. */
export function userIds(mock: Sonar, environment: 'sandbox' | 'production' = 'sandbox'): string[] {
  return [...mock.state().users.values()]
    .filter((u) => u.environment === environment)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((u) => u.id);
}

export function firstUser(mock: Sonar): string {
  const id = userIds(mock)[0];
  if (!id) throw new Error('The mock has no seeded sandbox user.');
  return id;
}

/** A user token for the user, minted with an API key; fails the test unless it was issued. */
export async function userToken(mock: Sonar, userId: string, key = SANDBOX_KEY): Promise<{ token: string; user_id: string; expires_at: string }> {
  const res = await call(mock, 'createUserToken', { token: key, json: { user_id: userId } });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

/** A mobile token for the user; fails the test unless it was issued. */
export async function mobileToken(mock: Sonar, userId: string, scopes?: string[]): Promise<{ token: string; user_id: string; expires_at: string }> {
  const res = await call(mock, 'createMobileToken', { token: SANDBOX_KEY, json: scopes ? { user_id: userId, scopes } : { user_id: userId } });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

export const handshake = (mock: Sonar, token: string) => call(mock, 'sdkHandshake', { token, json: HANDSHAKE_BODY });

/** Seconds from the mock's now to an ISO instant. */
export const secondsUntil = (mock: Sonar, iso: string) => (Date.parse(iso) - mock.clock.now()) / 1000;

/**
 * An expiry just read from an answer lies `seconds` after the issue: timestamps on the wire have whole seconds, so
 * from the mock's now (just after the issue) it is at most `seconds` and more than `seconds - 2` away.
 */
export function expectExpiresIn(mock: Sonar, iso: string, seconds: number): void {
  const left = secondsUntil(mock, iso);
  expect(left, `expires_at ${iso}`).toBeLessThanOrEqual(seconds);
  expect(left, `expires_at ${iso}`).toBeGreaterThan(seconds - 2);
}

/** Problems of an error body: not `{error, message, details}`, or not what the spec documents for its operation and status. */
export function errorProblems(res: Answer): string[] {
  const shape = spec.validators.validateComponent('Error', res.json, { undeclared: true }).map((d) => d.message);
  const media = findResponse(spec.operation(res.operationId), res.status)?.content[0];
  if (!media?.schema) return [...shape, `${res.operationId} documents no body for ${res.status}`];
  const documented = spec.validators.validateAt(media.schemaPointer, media.schema, res.json).map((d) => d.message);
  return [...shape, ...documented];
}

/** The answer is this status and code, in the documented error shape of its operation. */
export function expectError(res: Answer, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType ?? '').toMatch(/^application\/json/);
  expect(errorProblems(res)).toEqual([]);
  expect(res.json.error).toBe(code);
}
