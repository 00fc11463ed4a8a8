/**
 * Authentication and authorization of the Sonar mock. Every credential is `Authorization: Bearer <value>`; the
 * value says what it is: an API key by its prefix (`sk_sandbox_`, `sk_live_`: the environment), else a user or
 * mobile token this server issued. Which kinds an operation accepts comes from its security in the spec.
 */
import type { MockContext, MockResponse, OperationHandler } from '../kernel/types';
import { fail, isResponse } from './errors';
import { FAULT } from './fault-names';
import { rateLimited } from './rate-limit';
import { mintMobileToken } from './tokens';
import { isoTime, SECOND_MS, usersOf, type ApiKeyRecord, type Env, type MobileTokenRecord, type SonarState, type UserTokenRecord } from './state';

type Ctx = MockContext<SonarState>;

/** Who a REST request acts as, once authorized. */
export type Caller =
  | { kind: 'apiKey'; environment: Env; credential: string }
  | { kind: 'userToken'; environment: Env; userId: string; credential: string };

type Credential =
  | { kind: 'apiKey'; key: ApiKeyRecord }
  | { kind: 'userToken'; token: Pick<UserTokenRecord, 'userId' | 'environment' | 'value'> }
  | { kind: 'mobileToken'; token: MobileTokenRecord };

/** Operations whose user-token reads the user-token-refused-on-reads fault refuses. */
const REFUSED_READS = new Set(['listTimeseries', 'listDevices']);

const invalidToken = (ctx: Ctx, message: string) => fail(ctx, 401, 'invalid_token', message);

/** The bearer value, undefined when there is no Authorization header, or the 401 for another scheme. */
function bearer(ctx: Ctx): string | undefined | MockResponse {
  const header = ctx.req.headers['authorization']?.trim();
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : invalidToken(ctx, 'The Authorization header is not "Bearer <token>"; every Sonar credential is sent with the Bearer scheme.');
}

/** The environment an API key's prefix names, or undefined when the value has no key prefix. */
function keyEnvironment(state: SonarState, value: string): Env | undefined {
  const prefix = Object.keys(state.facts.keyPrefixes).find((p) => value.startsWith(p));
  return prefix === undefined ? undefined : state.facts.keyPrefixes[prefix];
}

export function currentKey(state: SonarState, env: Env): ApiKeyRecord {
  const key = state.keys.get(state.currentKey[env]);
  if (!key) throw new Error(`The sonar mock has no current ${env} key in its state.`);
  return key;
}

function checkKey(ctx: Ctx, value: string): Credential | MockResponse {
  const key = ctx.state.keys.get(value);
  if (!key) return invalidToken(ctx, 'This API key does not exist; copy it again from the dashboard.');
  if (key.revokedAt !== undefined && !ctx.faults.has(FAULT.rotatedKeyStillValid)) return invalidToken(ctx, 'This API key was revoked when it was rotated; use the new key.');
  const tooOld = ctx.clock.now() >= key.createdAt + ctx.state.facts.lifetimeSeconds.apiKey * SECOND_MS;
  if (tooOld && !ctx.faults.has(FAULT.keyLifetimeNotEnforced)) {
    return fail(ctx, 401, 'token_expired', 'This API key is older than 90 days and was revoked automatically; rotate it in the dashboard.');
  }
  return { kind: 'apiKey', key };
}

function checkUserToken(ctx: Ctx, token: UserTokenRecord): Credential | MockResponse {
  if (!ctx.state.users.has(token.userId)) return invalidToken(ctx, 'The user of this token was deleted; the token no longer exists.');
  if (ctx.clock.now() >= token.expiresAt && !ctx.faults.has(FAULT.expiredUserTokenAccepted)) {
    const code = ctx.faults.has(FAULT.expiredTokenWrongCode) ? 'invalid_token' : 'token_expired';
    return fail(ctx, 401, code, `The token has passed its expires_at (${isoTime(token.expiresAt)}); refresh or reissue it.`);
  }
  return { kind: 'userToken', token };
}

/** What the bearer value is, or the 401 that refuses it. */
function identify(ctx: Ctx, value: string): Credential | MockResponse {
  const { state } = ctx;
  if (keyEnvironment(state, value) !== undefined) return checkKey(ctx, value);
  const userToken = state.userTokens.get(value);
  if (userToken) return checkUserToken(ctx, userToken);
  const mobileToken = state.mobileTokens.get(value);
  if (mobileToken) return { kind: 'mobileToken', token: mobileToken };
  if (ctx.faults.has(FAULT.unknownKeyAccepted)) return { kind: 'apiKey', key: currentKey(state, 'sandbox') };
  return invalidToken(ctx, 'The bearer token is malformed or does not exist: API keys start with sk_live_ or sk_sandbox_, and tokens must have been issued by this server.');
}

const acceptedSchemes = (ctx: Ctx) => new Set(ctx.req.op.security.flat().map((r) => r.scheme));

/** A user token (or, under its fault, a mobile token) on this operation: the caller, or the 403. */
function permitUserToken(ctx: Ctx, token: Credential & { kind: 'userToken' }): Caller | MockResponse {
  const { userId, environment, value } = token.token;
  if (!acceptedSchemes(ctx).has('userToken')) {
    if (ctx.faults.has(FAULT.userTokenCanWrite)) return { kind: 'apiKey', environment, credential: value };
    return fail(ctx, 403, 'insufficient_scope', "A user token is read-only and limited to its user's data; this operation needs an API key.");
  }
  const target = ctx.req.pathParams['user_id'];
  const otherUser = target !== undefined && target !== userId && !ctx.faults.has(FAULT.userTokenAnyUser);
  const refused = REFUSED_READS.has(ctx.req.op.operationId) && ctx.faults.has(FAULT.userTokenRefusedOnReads);
  if (otherUser || refused) return fail(ctx, 403, 'wrong_user', `This token can only access data for user ${userId}.`);
  return { kind: 'userToken', environment, userId, credential: value };
}

function permit(ctx: Ctx, cred: Credential): Caller | MockResponse {
  if (cred.kind === 'apiKey') return { kind: 'apiKey', environment: cred.key.environment, credential: cred.key.value };
  if (cred.kind === 'userToken') return permitUserToken(ctx, cred);
  if (ctx.faults.has(FAULT.mobileTokenOnRest)) return permitUserToken(ctx, { kind: 'userToken', token: cred.token });
  return invalidToken(ctx, 'A mobile token is not a REST API credential; it only initialises the Mobile SDK.');
}

/** The caller of a REST operation, or the 401, 403 or 429 that refuses the request. */
export function authorize(ctx: Ctx): Caller | MockResponse {
  const value = bearer(ctx);
  if (isResponse(value)) return value;
  let caller: Caller | MockResponse;
  if (value === undefined) {
    if (!ctx.faults.has(FAULT.missingAuth)) return invalidToken(ctx, 'The Authorization header is missing; send "Authorization: Bearer <API key or user token>".');
    caller = { kind: 'apiKey', environment: 'sandbox', credential: currentKey(ctx.state, 'sandbox').value };
  } else {
    const cred = identify(ctx, value);
    caller = isResponse(cred) ? cred : permit(ctx, cred);
  }
  if (isResponse(caller)) return caller;
  return rateLimited(ctx, caller.credential) ?? caller;
}

type CallerHandler = (ctx: Ctx, caller: Caller) => MockResponse;

/** Runs the handler only for an authorized request. */
export function withCaller(handler: CallerHandler): OperationHandler<SonarState> {
  return (ctx) => {
    const caller = authorize(ctx);
    return isResponse(caller) ? caller : handler(ctx, caller);
  };
}

/** Under the missing-auth fault, a handshake without credentials uses a fresh mobile token of the first sandbox user. */
function missingAuthMobileToken(ctx: Ctx): MobileTokenRecord | MockResponse {
  const user = usersOf(ctx.state, 'sandbox')[0];
  if (!user) return invalidToken(ctx, 'The Authorization header is missing and the mock has no sandbox user to stand in for.');
  return mintMobileToken(ctx.state, ctx.faults, user, ctx.state.facts.mobileScopes, ctx.clock.now());
}

/** Why a known mobile token cannot be used for a handshake now, if it cannot. */
function unusable(ctx: Ctx, token: MobileTokenRecord): string | undefined {
  if (token.consumedAt !== undefined && !ctx.faults.has(FAULT.mobileTokenReusable)) return 'This mobile token was already used; generate a fresh one from your backend.';
  if (ctx.clock.now() >= token.expiresAt && !ctx.faults.has(FAULT.mobileTokenNeverExpires)) return 'This mobile token expired; generate a fresh one from your backend and retry.';
  if (!ctx.state.users.has(token.userId)) return 'The user of this mobile token was deleted.';
  return undefined;
}

/** The mobile token of an SDK handshake, or the 401 invalid_token (or 429) that refuses it. */
export function authorizeHandshake(ctx: Ctx): MobileTokenRecord | MockResponse {
  const value = bearer(ctx);
  if (isResponse(value)) return value;
  let token: MobileTokenRecord | MockResponse;
  if (value === undefined) {
    if (!ctx.faults.has(FAULT.missingAuth)) return invalidToken(ctx, 'The Authorization header is missing; the SDK handshake sends "Authorization: Bearer <mobile token>".');
    token = missingAuthMobileToken(ctx);
  } else {
    const found = ctx.state.mobileTokens.get(value);
    if (!found) return invalidToken(ctx, 'The SDK handshake takes a mobile token issued by POST /auth/mobile-token; this bearer is not one.');
    const why = unusable(ctx, found);
    token = why ? invalidToken(ctx, why) : found;
  }
  if (isResponse(token)) return token;
  return rateLimited(ctx, token.value) ?? token;
}
