/**
 * The valid request of each operation, shared by every generated check of that operation (and by the deeper phases):
 * sent once per worker on the mock target and, off it, once per worker slot for the whole run (the run store), so a
 * worker restarted after a failing check does not send it again. A restored answer's secrets (a token it minted) are
 * taught to this worker's redactor.
 */
import type { ProviderAdapter, ProviderSession, ValidRequest } from '../../src/adapters';
import type { OperationInfo } from '../../src/openapi';
import type { ApiResult } from '../../src/targets/api';

export type Prepared = { request: ValidRequest; result: ApiResult } | { skip: string };
/** What the run store keeps of a prepared request: the answer without its operation (found again from the spec). */
type Stored = { request: ValidRequest; result: Omit<ApiResult, 'op'> } | { skip: string };

/** The auth headers of a token kind from the session's cache (none for `null`). */
export async function authFor(session: ProviderSession, kind: string | null, adapterAuth: (scheme: string, value: string) => Record<string, string>): Promise<Record<string, string>> {
  if (!kind) return {};
  const grant = await session.tokens.get(kind);
  return adapterAuth(kind, grant.value);
}

type RequestAdapter = Pick<ProviderAdapter, 'validRequest' | 'authHeaders'>;

/** One memo per test file: `prepare(op, session, adapter)` answers the operation's valid request and its answer. */
export function validRequests(): (op: OperationInfo, session: ProviderSession, adapter: RequestAdapter) => Promise<Prepared> {
  const prepared = new Map<string, Promise<Prepared>>();
  return (op, session, adapter) => {
    let p = prepared.get(op.operationId);
    if (!p) {
      const send = async (): Promise<Stored> => {
        if (session.target.target === 'production' && (!op.conformance.production || op.conformance.mutates)) {
          return { skip: `${op.operationId} is not safe for production (x-conformance); the production target is read-only.` };
        }
        const request = await adapter.validRequest(op, session);
        if ('skip' in request) return request;
        const auth = await authFor(session, request.token, adapter.authHeaders);
        const { op: _op, ...result } = await session.api.call(op.operationId, { ...request, auth, label: `${op.operationId} (valid request)` });
        return { request, result };
      };
      p = session.store.get(`generated:valid-request:${op.operationId}`, send).then((stored): Prepared => {
        if ('skip' in stored) return stored;
        session.redactor.learnFrom(stored.result.json);
        return { request: stored.request, result: { ...stored.result, op } };
      });
      prepared.set(op.operationId, p);
    }
    return p;
  };
}
