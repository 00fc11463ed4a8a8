/**
 * Key authentication of the Synheart mock, in the order the spec documents: the key itself (401), its app's rate
 * limit (429), then the scope the operation's security requirement names (403). The key travels in `x-api-key`, or
 * as `Authorization: Bearer <key>` where the operation's security names an http bearer scheme (the consent profiles).
 */
import type { MockContext, MockResponse, OperationHandler } from '../kernel/types';
import type { OperationInfo } from '../../src/openapi';
import { apiError, isResponse } from './errors';
import { FAULT } from './fault-names';
import { hasScope, primaryKey, SCOPES, SECOND_MS, type ApiKeyRecord, type Scope, type SynheartState } from './state';

type Ctx = MockContext<SynheartState>;

/** How long a revoked key keeps working under the revocation-delayed fault. */
const REVOCATION_DELAY_MS = 300 * SECOND_MS;
const API_KEY_HEADER = 'x-api-key';
const AUTHORIZATION_HEADER = 'authorization';

const deny = (ctx: Ctx, message: string) => apiError(ctx, 401, 'invalid_api_key', message);

function isRevoked(ctx: Ctx, key: ApiKeyRecord): boolean {
  if (key.revokedAt === undefined) return false;
  const grace = ctx.faults.has(FAULT.revocationDelayed) ? REVOCATION_DELAY_MS : 0;
  return ctx.clock.now() >= key.revokedAt + grace;
}

/** Does one of the operation's security alternatives name an http bearer scheme (`Authorization: Bearer <key>`)? */
function acceptsBearer(ctx: Ctx): boolean {
  const schemes = (ctx.spec.document.components?.securitySchemes ?? {}) as Record<string, { type?: string; scheme?: string }>;
  return ctx.req.op.security.some((alt) => alt.some((r) => schemes[r.scheme]?.type === 'http' && schemes[r.scheme]?.scheme?.toLowerCase() === 'bearer'));
}

/** The key value sent: `x-api-key` first, else a bearer token where the operation takes one. */
function sentKey(ctx: Ctx): string | undefined {
  const value = ctx.req.headers[API_KEY_HEADER]?.trim();
  if (value) return value;
  if (!acceptsBearer(ctx) || ctx.faults.has(FAULT.consentBearerRefused)) return undefined;
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(ctx.req.headers[AUTHORIZATION_HEADER] ?? '');
  return bearer?.[1];
}

/** The key of the request, or the 401 that refuses it. */
function identify(ctx: Ctx): ApiKeyRecord | MockResponse {
  const value = sentKey(ctx);
  if (!value) {
    if (ctx.faults.has(FAULT.missingAuth)) return primaryKey(ctx.state);
    return deny(ctx, acceptsBearer(ctx) ? 'No key was sent; send the secret key of your app in x-api-key or as Authorization: Bearer <key>.' : 'The x-api-key header is missing; send the secret key of your app from the developer portal.');
  }
  const key = ctx.state.keys.get(value);
  if (!key) {
    if (ctx.faults.has(FAULT.unknownKeyAccepted)) return primaryKey(ctx.state);
    return deny(ctx, 'The API key in x-api-key is not a key of this platform; check that it was copied whole.');
  }
  if (isRevoked(ctx, key)) return deny(ctx, 'The API key in x-api-key was revoked; use its replacement from the developer portal.');
  if (ctx.faults.has(FAULT.environmentTagMatters) && key.environment === 'development') {
    return deny(ctx, 'Keys tagged development are not accepted on this host.');
  }
  return key;
}

/** Counts the request in its app's fixed window (the protocol's limits are per tenant), or answers 429 with the seconds until the window ends. */
function rateLimited(ctx: Ctx, key: ApiKeyRecord): MockResponse | undefined {
  if (ctx.faults.has(FAULT.rateLimitNotEnforced)) return undefined;
  const { limit, windowSeconds } = ctx.state.rateLimit;
  const now = ctx.clock.now();
  let window = ctx.state.rateWindows.get(key.appId);
  if (!window || now >= window.startedAt + windowSeconds * SECOND_MS) {
    window = { startedAt: now, count: 0 };
    ctx.state.rateWindows.set(key.appId, window);
  }
  if (window.count < limit) {
    window.count += 1;
    return undefined;
  }
  const retryAfter = Math.max(1, Math.ceil((window.startedAt + windowSeconds * SECOND_MS - now) / SECOND_MS));
  const res = apiError(ctx, 429, 'rate_limit_exceeded', `Rate limit of ${limit} requests per ${windowSeconds} seconds exceeded; retry in ${retryAfter} seconds.`, { retry_after: retryAfter });
  return { ...res, headers: { ...(res.headers ?? {}), 'retry-after': String(retryAfter) } };
}

/** The scope the operation's security requirement names for the apiKey scheme. */
function requiredScope(op: OperationInfo): Scope | undefined {
  const scope = op.security[0]?.find((r) => r.scheme === 'apiKey')?.scopes[0];
  return (SCOPES as readonly string[]).includes(scope ?? '') ? (scope as Scope) : undefined;
}

function scopeGranted(ctx: Ctx, key: ApiKeyRecord, scope: Scope): boolean {
  if (scope === 'read' && ctx.faults.has(FAULT.readScopeNotEnforced)) return true;
  if (scope === 'write' && ctx.faults.has(FAULT.writeScopeNotEnforced)) return true;
  if (scope === 'delete' && ctx.faults.has(FAULT.deleteScopeNotEnforced)) return true;
  if (scope === 'read' && ctx.faults.has(FAULT.readScopeRefused) && !hasScope(key, 'write')) return false;
  return hasScope(key, scope);
}

/** The key of an authorized request, or the 401, 429 or 403 that refuses it. */
function authorize(ctx: Ctx): ApiKeyRecord | MockResponse {
  const key = identify(ctx);
  if (isResponse(key)) return key;
  const limited = rateLimited(ctx, key);
  if (limited) return limited;
  const scope = requiredScope(ctx.req.op);
  if (scope && !scopeGranted(ctx, key, scope)) {
    return apiError(ctx, 403, 'insufficient_scope', `This operation needs the ${scope} scope; the key has ${key.scopes.join(', ')}.`);
  }
  return key;
}

type KeyHandler = (ctx: Ctx, key: ApiKeyRecord) => MockResponse;

/** Runs the handler only for an authorized request. */
export function withKey(handler: KeyHandler): OperationHandler<SynheartState> {
  return (ctx) => {
    const key = authorize(ctx);
    return isResponse(key) ? key : handler(ctx, key);
  };
}
