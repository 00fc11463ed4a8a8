/** Sahha token lifecycle (SAH-TOK-*): account tokens, profile registration, profile tokens, refresh and expiry. */
import { appCredentials, clientCredentials, dataWindow, freshExternalId, profileTokenFor, registerFreshProfile, sampleExternalId, type ProfileGrant } from '../../../src/adapters/sahha';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect, runsOn, test } from '../fixtures';
import { callableOn, expectDocumented, expectRejected, keysOf, origins } from './support';

/** Both token kinds last 24 hours (sahha-api.md: Token Details). */
const TOKEN_LIFETIME_SECONDS = 86_400;
const PROFILE_TOKEN_FIELDS = ['expiresIn', 'profileToken', 'refreshToken', 'tokenType'];

/** The answer is a profile token grant: exactly the documented fields, 24 hours, tokenType "Profile". */
function expectProfileGrant(session: ProviderSession, res: ApiResult, status: number, what: string): ProfileGrant {
  expectDocumented(session, res, status, what);
  const grant = res.json as ProfileGrant;
  session.redactor.addSecret(grant.profileToken);
  session.redactor.addSecret(grant.refreshToken);
  expect(keysOf(grant), `${what}: the fields of the profile token answer`).toEqual(PROFILE_TOKEN_FIELDS);
  expect(grant.expiresIn, `${what}: expiresIn (seconds) of a profile token`).toBe(TOKEN_LIFETIME_SECONDS);
  expect(grant.tokenType, `${what}: tokenType`).toBe('Profile');
  return grant;
}

/** Nothing in a rejection looks like a token. */
function expectNoToken(res: ApiResult, what: string): void {
  const fields = keysOf(res.json).filter((k) => /token/i.test(k));
  expect(fields, `${what}: a rejected request must not hand out a token`).toEqual([]);
}

/** A read with the profile token works: 200 for the sample profile over a window with data, 204 for a new profile. */
async function expectProfileTokenWorks(session: ProviderSession, adapter: ProviderAdapter, token: string, status: 200 | 204, what: string): Promise<void> {
  const query = status === 200 ? await dataWindow(session, await sampleExternalId(session)) : undefined;
  const res = await session.api.call('getScores', { query, auth: adapter.authHeaders('profile', token), label: `${what}: use the token` });
  expectDocumented(session, res, status, `${what}: getScores with the new profile token`);
}

test.describe('token lifecycle', () => {
  test('SAH-TOK-1 client credentials give an account token {accountToken, expiresIn: 86400, tokenType: "Account"} that works', async ({ session, adapter }) => {
    const res = await test.step('exchange the client credentials for an account token', () => session.api.call('getAccountToken', { json: clientCredentials(session), label: 'SAH-TOK-1' }));
    await test.step('the answer is exactly {accountToken, expiresIn: 86400, tokenType: "Account"}', async () => {
      expectDocumented(session, res, 200, 'SAH-TOK-1: getAccountToken with the client credentials');
      session.redactor.addSecret(String((res.json as { accountToken: unknown }).accountToken));
      expect(keysOf(res.json), 'SAH-TOK-1: the fields of the account token answer').toEqual(['accountToken', 'expiresIn', 'tokenType']);
      expect((res.json as { expiresIn: unknown }).expiresIn, 'SAH-TOK-1: expiresIn (seconds) of an account token').toBe(TOKEN_LIFETIME_SECONDS);
      expect((res.json as { tokenType: unknown }).tokenType, 'SAH-TOK-1: tokenType of an account token').toBe('Account');
    });
    await test.step('the account token reads the account\'s profiles', async () => {
      const token = (res.json as { accountToken: string }).accountToken;
      const page = await session.api.call('searchProfiles', { auth: adapter.authHeaders('account', token), label: 'SAH-TOK-1: use the token' });
      expectDocumented(session, page, 200, 'SAH-TOK-1: searchProfiles with the new account token');
    });
  });

  test('SAH-TOK-2 a wrong clientSecret is rejected in the documented error shape and gives no token', async ({ session }) => {
    const { clientId } = clientCredentials(session);
    await test.step('a known clientId with a wrong clientSecret -> 401, no token', async () => {
      const res = await session.api.call('getAccountToken', { json: { clientId, clientSecret: 'mock-wrong-client-secret' }, label: 'SAH-TOK-2: wrong secret' });
      expectRejected(session, res, 401, 'SAH-TOK-2: getAccountToken with a wrong clientSecret');
      expectNoToken(res, 'SAH-TOK-2: getAccountToken with a wrong clientSecret');
    });
    await test.step('an unknown clientId -> 401, no token', async () => {
      const res = await session.api.call('getAccountToken', { json: { clientId: 'mock-unknown-client', clientSecret: 'mock-client-secret' }, label: 'SAH-TOK-2: unknown client' });
      expectRejected(session, res, 401, 'SAH-TOK-2: getAccountToken with an unknown clientId');
      expectNoToken(res, 'SAH-TOK-2: getAccountToken with an unknown clientId');
    });
  });

  test('SAH-TOK-3 registering a profile with an account token gives 201 {profileToken, refreshToken, expiresIn: 86400, tokenType: "Profile"}', async ({ session, adapter, target }, testInfo) => {
    runsOn(testInfo, target, ['mock', 'sandbox'], 'SAH-TOK-3');
    const account = await session.tokens.get('account');
    const res = await test.step('register a new externalId', () => session.api.call('registerProfile', { json: { externalId: freshExternalId() }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-3' }));
    const grant = await test.step('the answer is a 201 profile token grant of 24 hours', async () => expectProfileGrant(session, res, 201, 'SAH-TOK-3: registerProfile'));
    await test.step('the profile token works (a new profile has no scores: 204)', () => expectProfileTokenWorks(session, adapter, grant.profileToken, 204, 'SAH-TOK-3'));
  });

  test('SAH-TOK-4 registering an externalId that is already in use is a 400', async ({ session, adapter, target }, testInfo) => {
    runsOn(testInfo, target, ['mock', 'sandbox'], 'SAH-TOK-4');
    const { externalId } = await test.step('register a new profile', () => registerFreshProfile(session));
    await test.step('registering the same externalId again -> 400 in the error shape, no token', async () => {
      const account = await session.tokens.get('account');
      const res = await session.api.call('registerProfile', { json: { externalId }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-4: again' });
      expectRejected(session, res, 400, 'SAH-TOK-4: registerProfile with an externalId already in use');
      expectNoToken(res, 'SAH-TOK-4: registerProfile with an externalId already in use');
    });
  });

  test('SAH-TOK-5 AppId/AppSecret headers register a profile and give a profile token; a wrong AppSecret is a 401', async ({ session, adapter, target }, testInfo) => {
    runsOn(testInfo, target, ['mock', 'sandbox'], 'SAH-TOK-5');
    const app = appCredentials(session);
    testInfo.skip(!app, 'SAH-TOK-5 needs SAHHA_APP_ID and SAHHA_APP_SECRET, which are not set for this run.');
    const headers = { ...adapter.authHeaders('appId', app!.appId), ...adapter.authHeaders('appSecret', app!.appSecret) };
    const externalId = freshExternalId();
    await test.step('a new externalId with the right AppId/AppSecret -> 201 and a working profile token', async () => {
      const res = await session.api.call('registerProfileWithAppId', { headers, json: { externalId }, label: 'SAH-TOK-5: register' });
      const grant = expectProfileGrant(session, res, 201, 'SAH-TOK-5: registerProfileWithAppId for a new externalId');
      await expectProfileTokenWorks(session, adapter, grant.profileToken, 204, 'SAH-TOK-5');
    });
    await test.step('the same externalId again -> 200 and a new token (the SDKs sign in this way)', async () => {
      const res = await session.api.call('registerProfileWithAppId', { headers, json: { externalId }, label: 'SAH-TOK-5: sign in again' });
      expectProfileGrant(session, res, 200, 'SAH-TOK-5: registerProfileWithAppId for an existing externalId');
    });
    await test.step('a wrong AppSecret -> 401 in the error shape, no token', async () => {
      const wrong = { ...headers, ...adapter.authHeaders('appSecret', 'mock-wrong-app-secret') };
      const res = await session.api.call('registerProfileWithAppId', { headers: wrong, json: { externalId: freshExternalId() }, label: 'SAH-TOK-5: wrong secret' });
      expectRejected(session, res, 401, 'SAH-TOK-5: registerProfileWithAppId with a wrong AppSecret');
      expectNoToken(res, 'SAH-TOK-5: registerProfileWithAppId with a wrong AppSecret');
    });
  });

  test('SAH-TOK-6 an account token gets a working profile token for an existing profile', async ({ session, adapter }) => {
    const externalId = await sampleExternalId(session);
    const account = await session.tokens.get('account');
    const res = await test.step('ask /oauth/profile/token for the sample profile', () => session.api.call('getProfileToken', { json: { externalId }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-6' }));
    const grant = await test.step('the answer is a 200 profile token grant of 24 hours', async () => expectProfileGrant(session, res, 200, 'SAH-TOK-6: getProfileToken'));
    await test.step('the profile token reads the profile\'s scores (200)', () => expectProfileTokenWorks(session, adapter, grant.profileToken, 200, 'SAH-TOK-6'));
    await test.step('an externalId the account does not have -> 400, no token', async () => {
      const unknown = await session.api.call('getProfileToken', { json: { externalId: freshExternalId() }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-6: unknown externalId' });
      expectRejected(session, unknown, 400, 'SAH-TOK-6: getProfileToken for an unknown externalId');
      expectNoToken(unknown, 'SAH-TOK-6: getProfileToken for an unknown externalId');
    });
  });

  test('SAH-TOK-7 a refresh token gives a new, working profile token; a bogus refresh token is a 401', async ({ session, adapter }) => {
    const grant = await test.step('get a profile token of our own (the refresh must not disturb the shared one)', async () => profileTokenFor(session, await sampleExternalId(session)));
    const auth = adapter.authHeaders('profile', grant.profileToken);
    await test.step('refresh with the profile token in Authorization (the Android SDK) -> 200, a different profile token of 24 hours that works', async () => {
      const res = await session.api.call('refreshProfileToken', { json: { refreshToken: grant.refreshToken }, auth, label: 'SAH-TOK-7: refresh' });
      const renewed = expectProfileGrant(session, res, 200, 'SAH-TOK-7: refreshProfileToken');
      expect(renewed.profileToken === grant.profileToken, 'SAH-TOK-7: the refreshed profile token must be a new token').toBe(false);
      await expectProfileTokenWorks(session, adapter, renewed.profileToken, 200, 'SAH-TOK-7');
    });
    await test.step('refresh without any Authorization header (the iOS SDK) -> 200 and a working profile token', async () => {
      const res = await session.api.call('refreshProfileToken', { json: { refreshToken: grant.refreshToken }, label: 'SAH-TOK-7: refresh without Authorization' });
      const renewed = expectProfileGrant(session, res, 200, 'SAH-TOK-7: refreshProfileToken without Authorization');
      await expectProfileTokenWorks(session, adapter, renewed.profileToken, 200, 'SAH-TOK-7 (no Authorization)');
    });
    await test.step('a malformed profile token in Authorization -> 401 in the error shape, no token', async () => {
      const res = await session.api.call('refreshProfileToken', { json: { refreshToken: grant.refreshToken }, auth: adapter.authHeaders('profile', 'mock-malformed-credential'), label: 'SAH-TOK-7: malformed Authorization' });
      expectRejected(session, res, 401, 'SAH-TOK-7: refreshProfileToken with a malformed profile token');
      expectNoToken(res, 'SAH-TOK-7: refreshProfileToken with a malformed profile token');
    });
    await test.step('a bogus refresh token -> 401 in the error shape naming refreshToken, no token', async () => {
      const res = await session.api.call('refreshProfileToken', { json: { refreshToken: 'refresh_mock_bogus_0000' }, auth, label: 'SAH-TOK-7: bogus' });
      expectRejected(session, res, 401, 'SAH-TOK-7: refreshProfileToken with a bogus refresh token');
      expectNoToken(res, 'SAH-TOK-7: refreshProfileToken with a bogus refresh token');
      expect(origins(res), 'SAH-TOK-7: the error names what was wrong').toContain('refreshToken');
    });
    if (!callableOn(session, 'deleteProfiles')) return;
    await test.step('the refresh token of a deleted profile, sent without Authorization -> 410 in the error shape, no token', async () => {
      const fresh = await registerFreshProfile(session);
      const account = await session.tokens.get('account');
      const deleted = await session.api.call('deleteProfiles', { json: { externalIds: [fresh.externalId] }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-7: delete a fresh profile' });
      expectDocumented(session, deleted, 200, 'SAH-TOK-7: deleteProfiles of a fresh profile');
      const res = await session.api.call('refreshProfileToken', { json: { refreshToken: fresh.refreshToken }, label: 'SAH-TOK-7: refresh of a deleted profile' });
      expectRejected(session, res, 410, 'SAH-TOK-7: refreshProfileToken for a deleted profile');
      expectNoToken(res, 'SAH-TOK-7: refreshProfileToken for a deleted profile');
    });
  });

  test('SAH-TOK-8 account and profile tokens work until 24 h after issue and are rejected with 401 from then on', async ({ session, adapter, control }) => {
    const account = await adapter.obtain('account', session);
    const profile = await adapter.obtain('profile', session);
    const externalId = await sampleExternalId(session);
    const useBoth = () =>
      Promise.all([
        session.api.call('getScoresByExternalId', { pathParams: { externalId }, auth: adapter.authHeaders('account', account.value), label: 'SAH-TOK-8: account token' }),
        session.api.call('getScores', { auth: adapter.authHeaders('profile', profile.value), label: 'SAH-TOK-8: profile token' }),
      ]);
    const margin = 60;
    await test.step(`${margin} s before 24 h both tokens still work`, async () => {
      await control.sandbox!.advanceClock(TOKEN_LIFETIME_SECONDS - margin);
      const [a, p] = await useBoth();
      expectDocumented(session, a, 200, `SAH-TOK-8: an account token ${margin} s before its 24 h end`);
      expectDocumented(session, p, 200, `SAH-TOK-8: a profile token ${margin} s before its 24 h end`);
    });
    await test.step('at 24 h both tokens are rejected with 401', async () => {
      await control.sandbox!.advanceClock(margin);
      const [a, p] = await useBoth();
      expectRejected(session, a, 401, 'SAH-TOK-8: an account token 24 h after issue');
      expectRejected(session, p, 401, 'SAH-TOK-8: a profile token 24 h after issue');
    });
  });
});
