/** The Sahha mock's environments and tokens (SAH-ENV-*, SAH-TOK-*), shown with plain fetch against a running instance. */
import { expect, test } from './fixtures';
import {
  accountToken,
  asAccount,
  asProfile,
  call,
  clientCredentials,
  DAY,
  expectErrorShape,
  HOUR,
  newExternalId,
  origins,
  profileToken,
  registerProfile,
  SAMPLE,
  spec,
  type Sahha,
} from './helpers';

test.describe('environments', () => {
  test('SAH-ENV-1 the spec documents the two base URLs and each instance accepts only its own credentials', async ({ sandbox, production }) => {
    expect(spec.server('sandbox')?.url).toBe('https://sandbox-api.sahha.ai/api/v1');
    expect(spec.server('production')?.url).toBe('https://api.sahha.ai/api/v1');
    expect(new URL(sandbox.baseUrl).pathname).toBe('/api/v1');
    expect(sandbox.environment).toBe('sandbox');
    expect(production.environment).toBe('production');
    expect(clientCredentials(sandbox).clientId).not.toBe(clientCredentials(production).clientId);

    expect((await call(sandbox, 'getAccountToken', { json: clientCredentials(sandbox) })).status).toBe(200);
    expect((await call(production, 'getAccountToken', { json: clientCredentials(production) })).status).toBe(200);
    expectErrorShape(await call(production, 'getAccountToken', { json: clientCredentials(sandbox) }), 401);
    expectErrorShape(await call(sandbox, 'getAccountToken', { json: clientCredentials(production) }), 401);
  });

  test('SAH-ENV-2 an account token minted in one environment is rejected with 401 by the other', async ({ sandbox, production }) => {
    const fromSandbox = await accountToken(sandbox);
    const fromProduction = await accountToken(production);
    expect((await call(sandbox, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: asAccount(fromSandbox) })).status).toBe(200);
    expectErrorShape(await call(production, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: asAccount(fromSandbox) }), 401);
    expectErrorShape(await call(sandbox, 'getScoresByExternalId', { pathParams: { externalId: SAMPLE }, headers: asAccount(fromProduction) }), 401);
  });

  test('SAH-ENV-2 a profile token minted in one environment is rejected with 401 by the other', async ({ sandbox, production }) => {
    const grant = await profileToken(sandbox, SAMPLE);
    expect((await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) })).status).toBe(200);
    expectErrorShape(await call(production, 'getScores', { headers: asProfile(grant.profileToken) }), 401);
    const refreshed = await call(production, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: grant.refreshToken } });
    expectErrorShape(refreshed, 401);
  });
});

test.describe('account token', () => {
  test('SAH-TOK-1 client credentials give {accountToken, expiresIn: 86400, tokenType: "Account"} and the token works', async ({ sandbox }) => {
    const res = await call(sandbox, 'getAccountToken', { json: clientCredentials(sandbox) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accountToken: expect.any(String), expiresIn: 86400, tokenType: 'Account' });
    expect(res.json.accountToken).toMatch(/_mock_/);
    expect(res.json.accountToken).not.toMatch(/^eyJ/);
    expect((await call(sandbox, 'searchProfiles', { headers: asAccount(res.json.accountToken) })).status).toBe(200);
  });

  test('SAH-TOK-2 a wrong clientSecret is a 401 in the error shape and no token', async ({ mock, sandbox }) => {
    const res = await call(sandbox, 'getAccountToken', { json: { ...clientCredentials(sandbox), clientSecret: 'mock-wrong-secret' } });
    expectErrorShape(res, 401);
    expect(origins(res)).toEqual(['clientSecret']);
    expect(res.json).not.toHaveProperty('accountToken');
    const unknownClient = await call(sandbox, 'getAccountToken', { json: { clientId: 'mock-unknown-client', clientSecret: 'mock-client-secret' } });
    expectErrorShape(unknownClient, 401);
  });

  test('SAH-TOK-2 a body without clientSecret is a 400 in the error shape', async ({ sandbox }) => {
    expectErrorShape(await call(sandbox, 'getAccountToken', { json: { clientId: clientCredentials(sandbox).clientId } }), 400);
  });
});

test.describe('profile registration', () => {
  test('SAH-TOK-3 registering with an account token gives 201 {profileToken, refreshToken, expiresIn: 86400, tokenType: "Profile"}', async ({ sandbox }) => {
    const externalId = newExternalId();
    const res = await call(sandbox, 'registerProfile', { headers: asAccount(await accountToken(sandbox)), json: { externalId } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ profileToken: expect.stringMatching(/_mock_/), refreshToken: expect.stringMatching(/_mock_/), expiresIn: 86400, tokenType: 'Profile' });
    expect((await call(sandbox, 'getScores', { headers: asProfile(res.json.profileToken) })).status).toBe(204);
    const profile = await call(sandbox, 'getProfileByExternalId', { pathParams: { externalId }, headers: asAccount(await accountToken(sandbox)) });
    expect(profile.json).toMatchObject({ externalId, isSampleProfile: false, dataLastReceivedAtUtc: null });
  });

  test('SAH-TOK-4 registering an externalId already in use is a 400 naming externalId', async ({ sandbox }) => {
    const { externalId } = await registerProfile(sandbox);
    const again = await call(sandbox, 'registerProfile', { headers: asAccount(await accountToken(sandbox)), json: { externalId } });
    expectErrorShape(again, 400);
    expect(origins(again)).toEqual(['externalId']);
    const sample = await call(sandbox, 'registerProfile', { headers: asAccount(await accountToken(sandbox)), json: { externalId: SAMPLE } });
    expectErrorShape(sample, 400);
  });

  test('SAH-TOK-5 AppId/AppSecret headers register a profile (201, then 200 for the same externalId); a wrong AppSecret is a 401', async ({ mock, sandbox }) => {
    const { appId, appSecret } = sandbox.state().credentials;
    const externalId = newExternalId('device-user');
    const created = await call(sandbox, 'registerProfileWithAppId', { headers: { AppId: appId, AppSecret: appSecret }, json: { externalId } });
    expect(created.status).toBe(201);
    expect(created.json.tokenType).toBe('Profile');
    expect((await call(sandbox, 'getScores', { headers: asProfile(created.json.profileToken) })).status).toBe(204);
    const again = await call(sandbox, 'registerProfileWithAppId', { headers: { AppId: appId, AppSecret: appSecret }, json: { externalId } });
    expect(again.status).toBe(200);
    expect(again.json.profileToken).not.toBe(created.json.profileToken);

    const wrong = await call(sandbox, 'registerProfileWithAppId', { headers: { AppId: appId, AppSecret: 'mock-wrong-app-secret' }, json: { externalId: newExternalId() } });
    expectErrorShape(wrong, 401);
    expect(origins(wrong)).toEqual(['AppSecret']);
    expectErrorShape(await call(sandbox, 'registerProfileWithAppId', { headers: { AppId: appId }, json: { externalId: newExternalId() } }), 401);
  });
});

test.describe('profile tokens', () => {
  test('SAH-TOK-6 an account token gets a working profile token for an existing profile; an unknown externalId is a 400', async ({ mock, sandbox }) => {
    const account = await accountToken(sandbox);
    const res = await call(sandbox, 'getProfileToken', { headers: asAccount(account), json: { externalId: SAMPLE } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ expiresIn: 86400, tokenType: 'Profile' });
    const scores = await call(sandbox, 'getScores', { headers: asProfile(res.json.profileToken) });
    expect(scores.status).toBe(200);
    expect(scores.json.length).toBeGreaterThan(0);
    const unknown = await call(sandbox, 'getProfileToken', { headers: asAccount(account), json: { externalId: 'mock-nobody' } });
    expectErrorShape(unknown, 400);
  });

  test('SAH-TOK-6 a lifetime shortens the token and readOnly forbids writes with 401', async ({ sandbox }) => {
    const grant = await profileToken(sandbox, SAMPLE, { lifetime: 600, readOnly: true });
    expect(grant.expiresIn).toBe(600);
    expect((await call(sandbox, 'getDemographic', { headers: asProfile(grant.profileToken) })).status).toBe(200);
    expectErrorShape(await call(sandbox, 'updateDemographic', { headers: asProfile(grant.profileToken), json: { age: 40 } }), 401);
    sandbox.clock.advance(601);
    expectErrorShape(await call(sandbox, 'getDemographic', { headers: asProfile(grant.profileToken) }), 401);
  });

  test('SAH-TOK-7 a refresh token gives a new working profile token; a bogus one is a 401', async ({ sandbox }) => {
    const grant = await registerProfile(sandbox);
    const res = await call(sandbox, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: grant.refreshToken } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ refreshToken: grant.refreshToken, expiresIn: 86400, tokenType: 'Profile' });
    expect(res.json.profileToken).not.toBe(grant.profileToken);
    expect((await call(sandbox, 'getScores', { headers: asProfile(res.json.profileToken) })).status).toBe(204);

    const bogus = await call(sandbox, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: 'refresh_mock_bogus' } });
    expectErrorShape(bogus, 401);
    expect(origins(bogus)).toEqual(['refreshToken']);
  });

  test('SAH-TOK-7 a profile token that expired can still be refreshed, and only with its own profile\'s refresh token', async ({ sandbox }) => {
    const grant = await registerProfile(sandbox);
    const other = await registerProfile(sandbox);
    sandbox.clock.advance(DAY + HOUR);
    expectErrorShape(await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) }), 401);
    const refreshed = await call(sandbox, 'refreshProfileToken', { headers: asProfile(grant.profileToken), json: { refreshToken: grant.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await call(sandbox, 'getScores', { headers: asProfile(refreshed.json.profileToken) })).status).toBe(204);
    const crossed = await call(sandbox, 'refreshProfileToken', { headers: asProfile(refreshed.json.profileToken), json: { refreshToken: other.refreshToken } });
    expectErrorShape(crossed, 401);
  });

  test('SAH-TOK-7 a refresh without Authorization (the iOS SDK) is decided by the refresh token alone: 200, unknown 401, deleted profile 410', async ({ sandbox }) => {
    const grant = await registerProfile(sandbox);
    const plain = await call(sandbox, 'refreshProfileToken', { json: { refreshToken: grant.refreshToken } });
    expect(plain.status, plain.text).toBe(200);
    expect(plain.json.refreshToken).toBe(grant.refreshToken);
    expect((await call(sandbox, 'getScores', { headers: asProfile(plain.json.profileToken) })).status).toBe(204);
    const bogus = await call(sandbox, 'refreshProfileToken', { json: { refreshToken: 'refresh_mock_bogus' } });
    expectErrorShape(bogus, 401);
    expect(origins(bogus)).toEqual(['refreshToken']);
    expectErrorShape(await call(sandbox, 'refreshProfileToken', { headers: asProfile('mock-malformed-credential'), json: { refreshToken: grant.refreshToken } }), 401);
    const account = await accountToken(sandbox);
    expect((await call(sandbox, 'deleteProfiles', { headers: asAccount(account), json: { externalIds: [grant.externalId] } })).status).toBe(200);
    expectErrorShape(await call(sandbox, 'refreshProfileToken', { json: { refreshToken: grant.refreshToken } }), 410);
  });

  test('SAH-TOK-8 account and profile tokens work until 24 h after issue and are rejected with 401 from then on', async ({ sandbox }) => {
    const account = await accountToken(sandbox);
    const grant = await profileToken(sandbox, SAMPLE);
    sandbox.clock.advance(DAY - 1);
    expect((await call(sandbox, 'searchProfiles', { headers: asAccount(account) })).status).toBe(200);
    expect((await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) })).status).toBe(200);
    sandbox.clock.advance(1);
    expectErrorShape(await call(sandbox, 'searchProfiles', { headers: asAccount(account) }), 401);
    expectErrorShape(await call(sandbox, 'getScores', { headers: asProfile(grant.profileToken) }), 401);
    expect((await call(sandbox, 'searchProfiles', { headers: asAccount(await accountToken(sandbox)) })).status).toBe(200);
  });
});
