/**
 * Authentication of a request against the security the spec declares for its operation: `account` and `profile`
 * tokens behind their scheme word in `Authorization`, or the `AppId` + `AppSecret` header pair.
 */
import type { MockContext, MockResponse } from '../kernel/types';
import { fail } from './errors';
import { FAULT } from './fault-names';
import { credentialsFor, otherEnvironment, type Credentials, type ProfileRecord, type SahhaState, type TokenKind, type TokenRecord } from './state';
import { lookupToken, sampleProfile } from './tokens';

export type Principal =
  | { kind: 'none' }
  | { kind: 'app' }
  | { kind: 'account' }
  | { kind: 'profile'; profile: ProfileRecord; token: TokenRecord };

type Ctx = MockContext<SahhaState>;

export interface AuthOptions {
  /** Accept an expired token (the refresh call, made precisely when the token has expired). */
  allowExpired?: boolean;
}

const deny = (ctx: Ctx, origin: string, message: string) => fail(ctx, 401, origin, message);

/** Credentials this instance accepts: its own, and with the environments-mixed fault the other environment's too. */
export function acceptedCredentials(ctx: Ctx): Credentials[] {
  const own = ctx.state.credentials;
  return ctx.faults.has(FAULT.environmentsMixed) ? [own, credentialsFor(otherEnvironment(ctx.state.environment))] : [own];
}

function missingAuthPrincipal(ctx: Ctx, expected: TokenKind): Principal {
  if (expected === 'profile') {
    const profile = sampleProfile(ctx.state);
    return { kind: 'profile', profile, token: { kind: 'profile', expiresAt: Number.POSITIVE_INFINITY, profile, readOnly: false } };
  }
  return { kind: 'account' };
}

function appAuth(ctx: Ctx): Principal | MockResponse {
  const appId = ctx.req.headers['appid']?.trim();
  const appSecret = ctx.req.headers['appsecret']?.trim();
  if (!appId && !appSecret && ctx.faults.has(FAULT.missingAuth)) return { kind: 'app' };
  if (!appId || !appSecret) return deny(ctx, appId ? 'AppSecret' : 'AppId', 'Both the AppId and the AppSecret headers are required.');
  const app = acceptedCredentials(ctx).find((c) => c.appId === appId);
  if (!app) return deny(ctx, 'AppId', 'The application credentials are invalid.');
  if (app.appSecret !== appSecret && !ctx.faults.has(FAULT.wrongAppSecret)) return deny(ctx, 'AppSecret', 'The application credentials are invalid.');
  return { kind: 'app' };
}

/** Splits `Authorization` into word and token; a lone token (no word) is a token only when the word is ignored. */
function splitAuthorization(ctx: Ctx, header: string): { word: string; token: string } | undefined {
  const parts = header.trim().split(/\s+/);
  if (parts.length === 2) return { word: parts[0]!, token: parts[1]! };
  if (parts.length === 1 && ctx.faults.has(FAULT.schemeWordIgnored)) return { word: '', token: parts[0]! };
  return undefined;
}

/** With the wrong-kind faults, the other kind of token is accepted, with its own word too. */
function crossKindAllowed(ctx: Ctx, expected: TokenKind): boolean {
  return ctx.faults.has(expected === 'account' ? FAULT.profileTokenOnAccount : FAULT.accountTokenOnProfile);
}

function wordAccepted(ctx: Ctx, word: string, expected: TokenKind): boolean {
  if (ctx.faults.has(FAULT.schemeWordIgnored)) return true;
  const words = crossKindAllowed(ctx, expected) ? Object.values(ctx.state.spec.schemeWord) : [ctx.state.spec.schemeWord[expected]];
  if (ctx.faults.has(FAULT.schemeWordCaseSensitive)) return words.includes(word);
  return words.some((w) => w.toLowerCase() === word.toLowerCase());
}

function tokenAuth(ctx: Ctx, expected: TokenKind, opts: AuthOptions): Principal | MockResponse {
  const word = ctx.state.spec.schemeWord[expected];
  const usage = `Send "Authorization: ${word} <token>".`;
  const header = ctx.req.headers['authorization'];
  if (!header?.trim()) return ctx.faults.has(FAULT.missingAuth) ? missingAuthPrincipal(ctx, expected) : deny(ctx, 'Authorization', `The Authorization header is missing. ${usage}`);
  const parsed = splitAuthorization(ctx, header);
  if (!parsed) return deny(ctx, 'Authorization', `The Authorization header is not "<scheme word> <token>". ${usage}`);
  if (!wordAccepted(ctx, parsed.word, expected)) return deny(ctx, 'Authorization', `The scheme word "${parsed.word}" is not "${word}". ${usage}`);
  const record = lookupToken(ctx.state, ctx.faults, parsed.token);
  if (!record) return deny(ctx, 'Authorization', 'The token is invalid (unknown, or issued by another environment).');
  if (record.kind !== expected && !crossKindAllowed(ctx, expected)) return deny(ctx, 'Authorization', `This operation needs a ${expected} token, not a ${record.kind} token.`);
  if (!opts.allowExpired && ctx.clock.now() >= record.expiresAt && !ctx.faults.has(FAULT.expiredToken)) return deny(ctx, 'Authorization', 'The token has expired; get a new one.');
  if (expected === 'account') return { kind: 'account' };
  const profile = record.profile ?? sampleProfile(ctx.state);
  if (profile.removed && !ctx.faults.has(FAULT.removedProfileServed)) return fail(ctx, 410, 'Authorization', 'The profile of this token has been removed.');
  if (record.readOnly && ctx.req.op.conformance.mutates) return deny(ctx, 'Authorization', 'This profile token is read-only; it cannot change data.');
  return { kind: 'profile', profile, token: record };
}

/** Authenticates the request with the (single) security requirement the spec declares for its operation. */
export function authenticate(ctx: Ctx, opts: AuthOptions = {}): Principal | MockResponse {
  const requirement = ctx.req.op.security[0] ?? [];
  const schemes = requirement.map((r) => r.scheme);
  if (schemes.length === 0) return { kind: 'none' };
  if (schemes.includes('appId')) return appAuth(ctx);
  const scheme = schemes[0];
  if (scheme !== 'account' && scheme !== 'profile') throw new Error(`The sahha mock does not know the security scheme "${scheme}" of ${ctx.req.op.operationId}.`);
  return tokenAuth(ctx, scheme, opts);
}

export type SecuredHandler = (ctx: Ctx, who: Principal) => MockResponse;

/** Runs the handler only for an authenticated request; otherwise answers the 401 (or 410). */
export function secured(handler: SecuredHandler, opts: AuthOptions = {}): (ctx: Ctx) => MockResponse {
  return (ctx: Ctx) => {
    const who = authenticate(ctx, opts);
    return 'status' in who ? who : handler(ctx, who);
  };
}
