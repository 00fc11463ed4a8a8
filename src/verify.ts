/**
 * `conformance verify`: whether a developer's sandbox credentials work, per provider, in seconds.
 *
 * For each credential kind the adapter names in `verifyKinds`, the token is obtained the way the suite obtains it,
 * and then sent to one read-only call chosen from the spec (a GET that accepts the kind, is safe for production and
 * needs no path parameter), so a configured key that the provider refuses is found too. Nothing is created or
 * changed. Secrets are never shown: at most a prefix and the last four characters.
 */
import { localStore } from './run/store';
import { createTokenCache, getAdapter, type ProviderAdapter, type ProviderSession, type TokenGrant, type ValidRequest } from './adapters';
import { ConformanceError } from './errors';
import { createHttpClient, mask, Redactor, type Exchange } from './http';
import { type OperationInfo, type ProviderName, type Spec } from './openapi';
import { resolveRemoteTarget, type Environment, type ProviderTarget } from './targets';
import { ApiClient } from './targets/api';

export type CheckStatus = 'ok' | 'missing' | 'wrong-environment' | 'rejected' | 'revoked' | 'unreachable' | 'error';

export interface KindResult {
  kind: string;
  status: CheckStatus;
  /** The credential as shown: a prefix and its last 4 characters. */
  shown: string | null;
  /** The read-only call that proved it (operationId and status), when one was made. */
  probe: { operationId: string; status: number } | null;
  /** Milliseconds until the provider says it expires, when it says. */
  lifetimeMs: number | null;
  /** One sentence: what happened and, when it failed, what to do. */
  message: string;
}

export interface ProviderVerification {
  provider: string;
  environment: Environment;
  baseUrl: string;
  /** Not configured: none of its variables is set (only reported when no provider was named). */
  configured: boolean;
  ok: boolean;
  missing: string[];
  kinds: KindResult[];
  /** Server clock minus this machine's clock, in seconds, from the responses' Date headers; null without one. */
  clockSkewSeconds: number | null;
  requests: number;
}

/** Beyond this, expiry scenarios may misjudge: `verify` says to sync the clock. */
export const SKEW_WARNING_SECONDS = 30;

/** The first read-only, production-safe GET without path parameters that accepts a credential kind. */
export function probeOperation(spec: Spec, kind: string): OperationInfo | undefined {
  return [...spec.operations.values()].find(
    (op) => op.method === 'get' && !op.conformance.mutates && op.conformance.production && op.conformance.tokens.includes(kind) && !op.parameters.some((p) => p.in === 'path'),
  );
}

/** The environment a key's prefix names (`x-environment-prefixes` on its security scheme), if the spec maps prefixes. */
function keyPrefixes(spec: Spec, kind: string): [string, Environment][] {
  const scheme = spec.document.components?.securitySchemes?.[kind] as Record<string, unknown> | undefined;
  return Object.entries((scheme?.['x-environment-prefixes'] as Record<string, Environment> | undefined) ?? {});
}

export function environmentOfKey(spec: Spec, kind: string, value: string): Environment | undefined {
  return keyPrefixes(spec, kind).find(([prefix]) => value.startsWith(prefix))?.[1];
}

function errorSummary(exchange: Exchange | undefined): string {
  const body = exchange?.response?.body;
  if (!body) return '';
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const err = json.error;
    const code = typeof err === 'string' ? err : typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
    const message = [json.message, json.error_description, json.title, json.detail, (err as { message?: unknown })?.message].find((m) => typeof m === 'string') as string | undefined;
    return [code, message && `"${message}"`].filter(Boolean).join(' ');
  } catch {
    return body.slice(0, 120);
  }
}

/** Server Date minus local time at the middle of the exchange, in whole seconds. */
function skewOf(exchange: Exchange): number | undefined {
  const date = exchange.response?.headers.date;
  if (!date) return undefined;
  const server = Date.parse(date);
  if (Number.isNaN(server)) return undefined;
  // The header has whole seconds: the server's clock was somewhere in [date, date + 1 s), so take the middle.
  const local = Date.parse(exchange.startedAt) + exchange.durationMs / 2;
  return Math.round((server + 500 - local) / 1000);
}

function failureOf(err: unknown, kind: string, exchanges: Exchange[], redactor: Redactor): KindResult {
  const last = exchanges[exchanges.length - 1];
  const text = redactor.redactText(err instanceof Error ? err.message : String(err));
  const code = err instanceof ConformanceError ? err.code : undefined;
  if (code === 'TARGET_UNREACHABLE' || code === 'REQUEST_TIMEOUT') return { kind, status: 'unreachable', shown: null, probe: null, lifetimeMs: null, message: text };
  if (code === 'CREDENTIALS_MISSING') return { kind, status: 'missing', shown: null, probe: null, lifetimeMs: null, message: text };
  if (code === 'CREDENTIALS_INVALID' || last?.response?.status === 401 || last?.response?.status === 403) {
    const said = redactor.redactText(errorSummary(last));
    const revoked = /revok/i.test(said);
    return {
      kind,
      status: revoked ? 'revoked' : 'rejected',
      shown: null,
      probe: null,
      lifetimeMs: null,
      message: `${revoked ? 'The provider says the credential was revoked' : 'The provider refused the credential'} (${last?.response?.status ?? 401}${said ? ` ${said}` : ''}). ${text}`,
    };
  }
  return { kind, status: 'error', shown: null, probe: null, lifetimeMs: null, message: text };
}

async function verifyKind(kind: string, adapter: ProviderAdapter, session: ProviderSession, exchanges: Exchange[]): Promise<KindResult> {
  const { spec, target } = session;
  let grant: TokenGrant;
  try {
    grant = await adapter.obtain(kind, session);
  } catch (err) {
    return failureOf(err, kind, exchanges, session.redactor);
  }
  session.redactor.addSecret(grant.value);
  const shown = mask(grant.value);
  const lifetimeMs = grant.expiresAt === undefined ? null : grant.expiresAt - Date.now();
  const keyEnvironment = environmentOfKey(spec, kind, grant.value);
  if (keyEnvironment && keyEnvironment !== target.environment) {
    return {
      kind,
      status: 'wrong-environment',
      shown,
      probe: null,
      lifetimeMs,
      message: `The ${kind} credential ${shown} is a ${keyEnvironment} key, but the ${target.environment} environment was meant: nothing was sent. Use a ${target.environment} key (${keyPrefixes(spec, kind).filter(([, e]) => e === target.environment).map(([p]) => `${p}...`).join(' or ')}).`,
    };
  }
  const op = probeOperation(spec, kind);
  if (!op) return { kind, status: 'ok', shown, probe: null, lifetimeMs, message: `Obtained ${shown}; the spec has no read-only call to try it on.` };
  const valid = await adapter.validRequest(op, session);
  const request: Partial<ValidRequest> = 'skip' in valid ? {} : valid;
  const before = exchanges.length;
  try {
    const res = await session.api.call(op.operationId, { query: request.query, headers: request.headers, auth: adapter.authHeaders(kind, grant.value), label: `verify the ${kind} credential` });
    const probe = { operationId: op.operationId, status: res.status };
    if (res.status >= 200 && res.status < 300) return { kind, status: 'ok', shown, probe, lifetimeMs, message: `${shown} works: ${op.operationId} answered ${res.status}.` };
    const failed = failureOf(new ConformanceError('CREDENTIALS_INVALID', `${op.operationId} answered ${res.status} to ${shown}.`), kind, exchanges.slice(before), session.redactor);
    return { ...failed, shown, probe, lifetimeMs };
  } catch (err) {
    return { ...failureOf(err, kind, exchanges.slice(before), session.redactor), shown };
  }
}

export interface VerifyOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Report providers without any variable set as "not configured" instead of failing them. */
  tolerateUnconfigured?: boolean;
}

export async function verifyProvider(spec: Spec, options: VerifyOptions = {}): Promise<ProviderVerification> {
  const env = options.env ?? process.env;
  const provider = spec.provider as ProviderName;
  const adapter = getAdapter(provider);
  const target: ProviderTarget = resolveRemoteTarget(spec, 'sandbox', adapter.credentials, env);
  const result: ProviderVerification = { provider, environment: target.environment, baseUrl: target.baseUrl, configured: true, ok: false, missing: target.missingCredentials, kinds: [], clockSkewSeconds: null, requests: 0 };
  const anySet = [...adapter.credentials.required, ...adapter.credentials.optional].some((v) => env[v]);
  if (!anySet && options.tolerateUnconfigured) return { ...result, configured: false, ok: true };
  if (target.missingCredentials.length) {
    result.kinds = [{ kind: '-', status: 'missing', shown: null, probe: null, lifetimeMs: null, message: `Missing ${target.missingCredentials.join(', ')}: set ${target.missingCredentials.length === 1 ? 'it' : 'them'} in the environment or in .env (see .env.example; "npx conformance init" writes one).` }];
    return result;
  }
  const redactor = new Redactor();
  for (const v of Object.values(target.credentials)) redactor.addSecret(v);
  const exchanges: Exchange[] = [];
  const http = createHttpClient({ timeoutMs: options.timeoutMs ?? 10_000, retry: { maxRetries: 0, maxWaitMs: 0, baseDelayMs: 0 }, onExchange: (e) => exchanges.push(e) }, redactor);
  const api = new ApiClient(spec, target, http);
  const store = localStore();
  const session: ProviderSession = { spec, target, api, redactor, tokens: undefined as never, store };
  session.tokens = createTokenCache(adapter, () => session, store);
  try {
    for (const kind of adapter.verifyKinds) {
      const r = await verifyKind(kind, adapter, session, exchanges);
      result.kinds.push(r);
      if (r.status === 'unreachable') break;
    }
  } finally {
    await http.close();
  }
  const skews = exchanges.map(skewOf).filter((s): s is number => s !== undefined);
  result.clockSkewSeconds = skews.length ? skews[skews.length - 1]! : null;
  result.requests = exchanges.length;
  result.ok = result.kinds.every((k) => k.status === 'ok');
  return result;
}
