/**
 * Assertions and small helpers shared by the Synheart scenarios. Every assertion names the operation, what was
 * expected and what came back, and never prints a key (bodies are compared field by field, redacted).
 */
import { runChecks } from '../../../src/checks';
import { adapter as synheart, API_KEY_SCHEME, ingestionBody, signedIngestion, type SignOptions, type SynheartKey } from '../../../src/adapters/synheart';
import type { ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect } from '../fixtures';

type Json = Record<string, unknown>;

/** The answer has `status`, and its content type, headers and body are the ones the spec documents for that status. */
export function expectDocumented(session: ProviderSession, res: ApiResult, status: number, what: string): void {
  expect(res.status, `${what}: ${res.op.operationId} should answer ${status}, it answered ${res.status}${describeError(res)}`).toBe(status);
  const context = { spec: session.spec, op: res.op, request: { method: res.op.method.toUpperCase(), url: res.exchange.request.url }, response: res };
  const failures = runChecks(context, ['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA', 'GEN-HEADERS']).map((f) => session.redactor.redactText(`${f.title} (${f.pointer}): ${f.message}`));
  expect(failures, `${what}: the ${status} answer of ${res.op.operationId} does not match the spec`).toEqual([]);
}

/** ", code rate_limited" for an error body, to say in a failure what came back. */
function describeError(res: ApiResult): string {
  const body = res.json as Json | undefined;
  const code = body?.code ?? body?.error;
  return typeof code === 'string' ? ` (${code})` : '';
}

/** Rejected with `status` in the documented API error shape `{status: "error", code, message}` with this code. */
export function expectApiError(session: ProviderSession, res: ApiResult, status: number, code: string, what: string): void {
  expectDocumented(session, res, status, what);
  expect((res.json as Json).code, `${what}: the error code of the ${status} answer`).toBe(code);
}

/** Rejected with 400 and the RFC 6749 / RFC 8628 error `error` (the device flow's states). */
export function expectOAuthError(session: ProviderSession, res: ApiResult, error: string, what: string): void {
  expectDocumented(session, res, 400, what);
  expect((res.json as Json).error, `${what}: the RFC 8628 error of the 400 answer`).toBe(error);
}

/** The x-api-key header for a key value. */
export const keyHeader = (value: string): Record<string, string> => synheart.authHeaders(API_KEY_SCHEME, value);

/** Headers without the key header (to send a signed request with another credential, or none). */
export function withoutKey(headers: Record<string, string>): Record<string, string> {
  const names = Object.keys(keyHeader('x')).map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

/** Sends an ingestion body signed with a key (the exact signed text is sent as the body). */
export function ingest(session: ProviderSession, key: SynheartKey, body: Json, label: string, opts: SignOptions & { signingSecret?: string } = {}): Promise<ApiResult> {
  const signer = opts.signingSecret ? { ...key, signingSecret: opts.signingSecret } : key;
  return session.api.call('ingestSnapshots', { ...signedIngestion(signer, body, opts), label });
}

/** Ingests one fresh snapshot for a fresh user with a key: 200, and the snapshot's id and user. */
export async function ingestOne(session: ProviderSession, key: SynheartKey, label: string): Promise<{ snapshotId: string; userId: string }> {
  const body = ingestionBody(key.appId);
  const res = await ingest(session, key, body, label);
  expectDocumented(session, res, 200, label);
  return { snapshotId: (res.json as { snapshot_id: string }).snapshot_id, userId: String(body.user_id) };
}

/** The snapshots stored for a user of the key's app (listSnapshots with user_id): what a refused write must not change. */
export async function storedFor(session: ProviderSession, key: SynheartKey, userId: string, label: string): Promise<Json[]> {
  const res = await session.api.call('listSnapshots', { query: { user_id: userId }, auth: keyHeader(key.secretKey), label });
  expectDocumented(session, res, 200, label);
  return (res.json as { snapshots: Json[] }).snapshots;
}

/** Whether the target lets this operation run (the production target refuses writes). */
export function callableOn(session: ProviderSession, operationId: string): boolean {
  const op = session.spec.operation(operationId);
  return session.target.target !== 'production' || (op.conformance.production && !op.conformance.mutates);
}

/** The reason a scenario that writes is skipped on the production target. */
export const READ_ONLY_PRODUCTION = 'The production target is read-only (x-conformance); this scenario ingests or deletes, so it runs on the mock and sandbox targets.';
