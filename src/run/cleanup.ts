/**
 * Clean-up of a sandbox run: everything the run created is deleted at its end, where the API allows, through the
 * spec's links (a success response's link to a DELETE operation: src/openapi/links.ts). While the run goes on, every
 * answer that carries such a link is recorded (`recordCreated`, into the run store's list); at the end (the suite's
 * global teardown, also after failures and Ctrl-C) `cleanUp` deletes them newest first. A delete answered 404/410 was
 * already done (by a scenario, or with its parent); anything else is left behind and listed with the reason.
 */
import { createTokenCache, getAdapter, type ProviderSession } from '../adapters';
import { createBreaker, createHttpClient, Redactor, type HttpResponse } from '../http';
import { cleanupLinksOf, evaluate, MissingValueError } from '../openapi/links';
import { loadSpec, type OperationInfo, type ProviderName, type Spec } from '../openapi';
import { resolveRemoteTarget, skipReason, type Environment, type TargetName } from '../targets';
import { ApiClient, type CallOptions } from '../targets/api';
import { localStore, type RunStore } from './store';

export const CREATED_LIST = 'created';
/** Where, in the report folder, the teardown writes the clean-up for the reporter. */
export const CLEANUP_FILE = 'cleanup.json';

/** One resource the run created, and how to delete it. */
export interface CreatedResource {
  provider: string;
  environment: Environment;
  /** The operation that created it, and the delete operation its link names. */
  createdBy: string;
  deleteWith: string;
  pathParams?: Record<string, string>;
  json?: unknown;
  /** Set when the link could not be evaluated (the answer named no id): it cannot be deleted. */
  unresolved?: string;
}

export interface CleanupOutcome extends CreatedResource {
  outcome: 'removed' | 'already-gone' | 'left-behind' | 'kept';
  reason?: string;
}

export interface CleanupReport {
  kept: boolean;
  created: number;
  removed: number;
  alreadyGone: number;
  /** What is still on the sandbox: could not be deleted, with the reason (or everything, with --keep). */
  leftBehind: CleanupOutcome[];
}

/** Records what an answer created, when its documented response links to a delete operation. */
export async function recordCreated(store: RunStore, spec: Spec, environment: Environment, op: OperationInfo, request: CallOptions, response: HttpResponse): Promise<void> {
  if (response.status < 200 || response.status >= 300) return;
  for (const link of cleanupLinksOf(spec, op, response.status)) {
    const ctx = { request: { pathParams: request.pathParams, query: request.query as Record<string, unknown>, headers: request.headers, json: request.json }, response: { status: response.status, json: response.json } };
    const resource: CreatedResource = { provider: spec.provider, environment: request.environment ?? environment, createdBy: op.operationId, deleteWith: link.operationId };
    try {
      const params = Object.fromEntries(Object.entries(link.parameters).map(([k, v]) => [k, String(evaluate(v, ctx))]));
      if (Object.keys(params).length) resource.pathParams = params;
      if (link.requestBody !== undefined) resource.json = evaluate(link.requestBody, ctx);
    } catch (err) {
      if (!(err instanceof MissingValueError)) throw err;
      resource.unresolved = `${op.operationId} answered ${response.status} without what its link ${link.name} needs to delete it: ${err.message}`;
    }
    await store.append(CREATED_LIST, resource);
  }
}

const summary = (outcomes: CleanupOutcome[], kept: boolean): CleanupReport => ({
  kept,
  created: outcomes.length,
  removed: outcomes.filter((o) => o.outcome === 'removed').length,
  alreadyGone: outcomes.filter((o) => o.outcome === 'already-gone').length,
  leftBehind: outcomes.filter((o) => o.outcome === 'left-behind' || o.outcome === 'kept'),
});

/** Deletes what the run created (newest first), per provider; `keep` leaves everything and lists it. */
export async function cleanUp(created: CreatedResource[], target: Exclude<TargetName, 'mock'>, opts: { keep?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CleanupReport> {
  if (opts.keep) return summary(created.map((c) => ({ ...c, outcome: 'kept', reason: 'kept for debugging (--keep)' })), true);
  const outcomes: CleanupOutcome[] = [];
  for (const provider of [...new Set(created.map((c) => c.provider))]) {
    const mine = created.filter((c) => c.provider === provider).reverse();
    outcomes.push(...(await cleanUpProvider(provider as ProviderName, mine, target, opts)));
  }
  return summary(outcomes, false);
}

async function cleanUpProvider(provider: ProviderName, resources: CreatedResource[], target: Exclude<TargetName, 'mock'>, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CleanupOutcome[]> {
  const spec = await loadSpec(provider);
  const adapter = getAdapter(provider);
  const resolved = resolveRemoteTarget(spec, target, adapter.credentials, opts.env ?? process.env);
  const cannot = skipReason(resolved);
  if (cannot) return resources.map((r) => ({ ...r, outcome: 'left-behind', reason: cannot }));
  const redactor = new Redactor();
  for (const v of Object.values(resolved.credentials)) redactor.addSecret(v);
  const http = createHttpClient({ timeoutMs: opts.timeoutMs ?? 10_000, breaker: createBreaker({ name: `the ${provider} ${target} (clean-up)` }) }, redactor);
  const store = localStore();
  const session: ProviderSession = { spec, target: resolved, api: new ApiClient(spec, resolved, http), redactor, tokens: undefined as never, store };
  session.tokens = createTokenCache(adapter, () => session, store);
  const out: CleanupOutcome[] = [];
  try {
    for (const r of resources) {
      if (r.unresolved) {
        out.push({ ...r, outcome: 'left-behind', reason: r.unresolved });
        continue;
      }
      try {
        const op = spec.operation(r.deleteWith);
        const kind = op.conformance.tokens[0];
        const auth = kind ? adapter.authHeaders(kind, (await session.tokens.get(kind, r.environment)).value) : {};
        const res = await session.api.call(r.deleteWith, { pathParams: r.pathParams, json: r.json, auth, environment: r.environment === resolved.environment ? undefined : r.environment, label: `clean-up: ${r.deleteWith}` });
        if (res.status >= 200 && res.status < 300) out.push({ ...r, outcome: 'removed' });
        else if (res.status === 404 || res.status === 410) out.push({ ...r, outcome: 'already-gone' });
        else out.push({ ...r, outcome: 'left-behind', reason: `${r.deleteWith} answered ${res.status}${res.bodyText ? `: ${redactor.redactText(res.bodyText).slice(0, 200)}` : ''}` });
      } catch (err) {
        out.push({ ...r, outcome: 'left-behind', reason: redactor.redactText((err as Error).message) });
      }
    }
  } finally {
    await http.close();
  }
  return out;
}
