/** Sonar's three token kinds on the mock: user tokens (1 h), mobile tokens (5 min, single use), API keys (90 days, rotation). */
import { expect, test } from './fixtures';
import { call, control, expectError, expectExpiresIn, firstUser, handshake, HANDSHAKE_BODY, LIVE_KEY, mobileToken, SANDBOX_KEY, secondsUntil, userToken, type Sonar } from './helpers';

const scoresOf = (mock: Sonar, userId: string, token: string) => call(mock, 'listScores', { token, pathParams: { user_id: userId } });

test('SON-TOK-1 an API key issues a user token {token, user_id, expires_at} that expires one hour after issue', async ({ mock }) => {
  const userId = firstUser(mock);
  const res = await call(mock, 'createUserToken', { token: SANDBOX_KEY, json: { user_id: userId } });
  expect(res.status, res.text).toBe(200);
  expect(Object.keys(res.json).sort()).toEqual(['expires_at', 'token', 'user_id']);
  expect(res.json.user_id).toBe(userId);
  expectExpiresIn(mock, res.json.expires_at, 3600);
  expect(res.json.token).not.toMatch(/^eyJ/);
  expect((await scoresOf(mock, userId, res.json.token)).status).toBe(200);
});

test('SON-TOK-2 a user token is refused with 401 token_expired once its expires_at has passed', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token, expires_at } = await userToken(mock, userId);
  mock.clock.advance(secondsUntil(mock, expires_at) - 1);
  expect((await scoresOf(mock, userId, token)).status).toBe(200);
  mock.clock.advance(2);
  expectError(await scoresOf(mock, userId, token), 401, 'token_expired');
});

test('SON-TOK-3 refreshing gives a new, working token with a later expires_at', async ({ mock }) => {
  const userId = firstUser(mock);
  const first = await userToken(mock, userId);
  mock.clock.advance(600);
  const res = await call(mock, 'refreshUserToken', { token: SANDBOX_KEY, json: { user_id: userId } });
  expect(res.status, res.text).toBe(200);
  expect(res.json.user_id).toBe(userId);
  expect(res.json.token).not.toBe(first.token);
  expect(Date.parse(res.json.expires_at) - Date.parse(first.expires_at)).toBe(600_000);
  mock.clock.advance(3300);
  expectError(await scoresOf(mock, userId, first.token), 401, 'token_expired');
  expect((await scoresOf(mock, userId, res.json.token)).status).toBe(200);
});

test('SON-TOK-4 a mobile token starts with mt_, expires five minutes after issue, and scopes are optional', async ({ mock }) => {
  const userId = firstUser(mock);
  for (const scopes of [undefined, ['activity', 'sleep', 'vitals']]) {
    const res = await call(mock, 'createMobileToken', { token: SANDBOX_KEY, json: scopes ? { user_id: userId, scopes } : { user_id: userId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.token).toMatch(/^mt_/);
    expect(res.json.user_id).toBe(userId);
    expectExpiresIn(mock, res.json.expires_at, 300);
    const session = await handshake(mock, res.json.token);
    expect(session.json.scopes).toEqual(scopes ?? ['activity', 'sleep', 'vitals', 'body', 'nutrition']);
  }
  expectError(await call(mock, 'createMobileToken', { token: SANDBOX_KEY, json: { user_id: userId, scopes: ['dreams'] } }), 400, 'invalid_request');
});

test('SON-TOK-5 a mobile token is single use: the second SDK handshake with it fails invalid_token', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token } = await mobileToken(mock, userId, ['sleep']);
  const first = await handshake(mock, token);
  expect(first.status, first.text).toBe(200);
  expect(first.json).toMatchObject({ user_id: userId, scopes: ['sleep'] });
  expect(first.json.session_id).toMatch(/^ses_/);
  const devices = await call(mock, 'listDevices', { token: SANDBOX_KEY, pathParams: { user_id: userId } });
  expect(devices.json.data.map((d: { id: string; provider: string }) => [d.id, d.provider])).toContainEqual([first.json.device_id, 'apple_health']);
  expectError(await handshake(mock, token), 401, 'invalid_token');
});

test('SON-TOK-5 a mobile token unused for five minutes fails the handshake with invalid_token', async ({ mock }) => {
  const { token, expires_at } = await mobileToken(mock, firstUser(mock), ['activity']);
  mock.clock.advance(secondsUntil(mock, expires_at) + 1);
  expectError(await handshake(mock, token), 401, 'invalid_token');
});

test('SON-TOK-5 the handshake takes only a mobile token: an API key or a user token is invalid_token', async ({ mock }) => {
  const { token } = await userToken(mock, firstUser(mock));
  expectError(await handshake(mock, SANDBOX_KEY), 401, 'invalid_token');
  expectError(await handshake(mock, token), 401, 'invalid_token');
  expectError(await call(mock, 'sdkHandshake', { json: HANDSHAKE_BODY }), 401, 'invalid_token');
});

test('SON-TOK-6 a mobile token is not a REST credential: every REST endpoint answers 401 invalid_token', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token } = await mobileToken(mock, userId, ['activity']);
  expectError(await scoresOf(mock, userId, token), 401, 'invalid_token');
  expectError(await call(mock, 'listDevices', { token, pathParams: { user_id: userId } }), 401, 'invalid_token');
  expectError(await call(mock, 'listUsers', { token }), 401, 'invalid_token');
  expectError(await call(mock, 'createUserToken', { token, json: { user_id: userId } }), 401, 'invalid_token');
  // the refusals did not spend it
  expect((await handshake(mock, token)).status).toBe(200);
});

test('SON-TOK-7 rotating an API key revokes the old one at once; the new one works', async ({ mock }) => {
  const rotated = await control(mock, 'rotateKey', { environment: 'sandbox' });
  expect(rotated.revoked).toBe(SANDBOX_KEY);
  expect(rotated.key).toMatch(/^sk_sandbox_mock_/);
  expectError(await call(mock, 'listUsers', { token: SANDBOX_KEY }), 401, 'invalid_token');
  expect((await call(mock, 'listUsers', { token: rotated.key })).status).toBe(200);
  expect(mock.credentials().SONAR_API_KEY).toBe(rotated.key);
  expect((await call(mock, 'listUsers', { token: LIVE_KEY })).status).toBe(200);
});

test('SON-TOK-7 an API key older than 90 days is rejected with 401 token_expired', async ({ mock }) => {
  const old = await control(mock, 'createKey', { environment: 'live', age_days: 89 });
  expect((await call(mock, 'listUsers', { token: old.key })).status).toBe(200);
  mock.clock.advance(86_400);
  expectError(await call(mock, 'listUsers', { token: old.key }), 401, 'token_expired');
  expect((await call(mock, 'listUsers', { token: LIVE_KEY })).status).toBe(200);
  mock.clock.advance(89 * 86_400);
  expectError(await call(mock, 'listUsers', { token: LIVE_KEY }), 401, 'token_expired');
});

test('user tokens issued with a key stay valid after the key is rotated, and die with their user', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token } = await userToken(mock, userId);
  await control(mock, 'rotateKey', { environment: 'sandbox' });
  expect((await scoresOf(mock, userId, token)).status).toBe(200);
  const key = mock.credentials().SONAR_API_KEY!;
  expect((await call(mock, 'deleteUser', { token: key, pathParams: { user_id: userId } })).status).toBe(200);
  expectError(await scoresOf(mock, userId, token), 401, 'invalid_token');
});
