/** Authentication operations: account token, profile registration (account token or AppId/AppSecret), profile token, refresh. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { acceptedCredentials, secured, type Principal } from '../auth';
import { fail, isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { makeProfile } from '../initial-state';
import { TOKEN_LIFETIME_SECONDS, type ProfileRecord, type SahhaState } from '../state';
import { grantProfileToken, issueToken, sampleProfile, type IssueOptions } from '../tokens';
import { bodyField, findProfile } from './common';

type Ctx = MockContext<SahhaState>;

const SHORT_LIFETIME_SECONDS = 3600;

function getAccountToken(ctx: Ctx): MockResponse {
  const clientId = bodyField<string>(ctx, 'clientId');
  const clientSecret = bodyField<string>(ctx, 'clientSecret');
  const client = acceptedCredentials(ctx).find((c) => c.clientId === clientId);
  if (!client || (client.clientSecret !== clientSecret && !ctx.faults.has(FAULT.wrongClientSecret))) {
    return fail(ctx, 401, client ? 'clientSecret' : 'clientId', 'The client credentials are invalid.');
  }
  const lifetime = ctx.faults.has(FAULT.accountTokenShortLived) ? SHORT_LIFETIME_SECONDS : TOKEN_LIFETIME_SECONDS;
  const { value, expiresIn } = issueToken(ctx.state, ctx.clock, 'account', { lifetimeSeconds: lifetime });
  const body = ctx.faults.has(FAULT.accountTokenWithoutType) ? { accountToken: value, expiresIn } : { accountToken: value, expiresIn, tokenType: 'Account' };
  return { status: 200, body };
}

function newProfile(ctx: Ctx, externalId: string): ProfileRecord {
  const profile = makeProfile(ctx.state, { externalId, isSampleProfile: false, createdAtMs: ctx.clock.now() });
  ctx.state.profiles.set(externalId, profile);
  return profile;
}

const registerProfile = secured((ctx) => {
  const externalId = bodyField<string>(ctx, 'externalId') ?? '';
  const existing = ctx.state.profiles.get(externalId);
  if (existing && !ctx.faults.has(FAULT.duplicateExternalId)) return fail(ctx, 400, 'externalId', 'The external id is invalid or already in use.');
  const profile = existing ?? newProfile(ctx, externalId);
  const lifetime: IssueOptions = ctx.faults.has(FAULT.registerTokenShortLived) ? { lifetimeSeconds: SHORT_LIFETIME_SECONDS } : {};
  return { status: 201, body: grantProfileToken(ctx.state, ctx.clock, profile, lifetime) };
});

const registerProfileWithAppId = secured((ctx) => {
  const externalId = bodyField<string>(ctx, 'externalId') ?? '';
  const existing = ctx.state.profiles.get(externalId);
  const profile = existing ?? newProfile(ctx, externalId);
  return { status: existing ? 200 : 201, body: grantProfileToken(ctx.state, ctx.clock, profile) };
});

const getProfileToken = secured((ctx) => {
  const profile = findProfile(ctx, bodyField<string>(ctx, 'externalId') ?? '');
  if (isResponse(profile)) return profile;
  const grant = grantProfileToken(ctx.state, ctx.clock, profile, {
    lifetimeSeconds: bodyField<number>(ctx, 'lifetime') ?? TOKEN_LIFETIME_SECONDS,
    readOnly: bodyField<boolean>(ctx, 'readOnly') === true,
    store: !ctx.faults.has(FAULT.profileTokenUnusable),
  });
  return { status: 200, body: grant };
});

/**
 * The spec allows a refresh with the profile scheme or with no credential (the iOS SDK sends none): without
 * `Authorization` the refresh token alone decides; with one, it must be a profile token of the same profile (its
 * expiry is not checked).
 */
function refreshProfileToken(ctx: Ctx): MockResponse {
  const sent = Boolean(ctx.req.headers['authorization']?.trim());
  if (!sent && !ctx.faults.has(FAULT.refreshRequiresAuthorization)) return refreshWith(ctx, undefined);
  return secured((c, who) => refreshWith(c, who), { allowExpired: true })(ctx);
}

function refreshWith(ctx: Ctx, who: Principal | undefined): MockResponse {
  const caller = who?.kind === 'profile' ? who : undefined;
  const refreshToken = bodyField<string>(ctx, 'refreshToken') ?? '';
  const owner = ctx.state.refreshTokens.get(refreshToken) ?? (ctx.faults.has(FAULT.bogusRefreshToken) ? (caller?.profile ?? sampleProfile(ctx.state)) : undefined);
  if (!owner) return fail(ctx, 401, 'refreshToken', 'The refresh token is invalid.');
  if (caller && owner !== caller.profile) return fail(ctx, 401, 'refreshToken', 'The refresh token belongs to another profile than the token in Authorization.');
  if (owner.removed && !ctx.faults.has(FAULT.removedProfileServed)) return fail(ctx, 410, 'refreshToken', 'The profile of this refresh token has been removed.');
  return { status: 200, body: grantProfileToken(ctx.state, ctx.clock, owner, { refreshToken, readOnly: caller?.token.readOnly ?? false }) };
}

export const tokenHandlers = {
  getAccountToken,
  registerProfile,
  registerProfileWithAppId,
  getProfileToken,
  refreshProfileToken,
};
