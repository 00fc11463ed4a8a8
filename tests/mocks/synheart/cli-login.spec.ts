/** The CLI's OAuth device-flow login on the Synheart mock (SYN-CLI-1). */
import type { DeviceLogin as Login } from '../../../src/adapters/synheart';
import { expect, test } from './fixtures';
import { call, CLI_CLIENT, control, DEVICE_GRANT, expectOAuthError, type Answer, type Synheart } from './helpers';

async function startLogin(mock: Synheart, form = true): Promise<Login> {
  const res = form
    ? await call(mock, 'requestDeviceCode', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: CLI_CLIENT, scope: 'cli' }).toString() })
    : await call(mock, 'requestDeviceCode', { json: { client_id: CLI_CLIENT } });
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.json as Login;
}

function poll(mock: Synheart, login: Login, form = true): Promise<Answer> {
  const params = { grant_type: DEVICE_GRANT, device_code: login.device_code, client_id: CLI_CLIENT };
  return form
    ? call(mock, 'exchangeDeviceCode', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() })
    : call(mock, 'exchangeDeviceCode', { json: params });
}

test('SYN-CLI-1 a login starts with a device code, a user code and where to enter it', async ({ mock }) => {
  const login = await startLogin(mock);
  expect(login.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  expect(login.verification_uri).toBe('https://platform.synheart.ai/device');
  expect(new URL(login.verification_uri_complete).searchParams.get('user_code')).toBe(login.user_code);
  expect(login).toMatchObject({ expires_in: 900, interval: 5 });
  expect((await startLogin(mock, false)).device_code, 'JSON works as well, and each login has its own code').not.toBe(login.device_code);
});

test('SYN-CLI-1 pending until approved, then one token; the code cannot be used twice', async ({ mock }) => {
  const login = await startLogin(mock);
  const pending = await poll(mock, login);
  expectOAuthError(pending, 'authorization_pending');
  expect(pending.headers.get('cache-control')).toBe('no-store');
  mock.clock.advance(login.interval);
  expectOAuthError(await poll(mock, login, false), 'authorization_pending');
  await control(mock, 'approveDevice', { user_code: login.user_code.toLowerCase() });
  mock.clock.advance(login.interval);
  const token = await poll(mock, login);
  expect(token.status, token.text).toBe(200);
  expect(token.headers.get('cache-control')).toBe('no-store');
  expect(token.json).toEqual({ access_token: expect.stringMatching(/^cli_at_mock_/), token_type: 'Bearer', expires_in: 3600, refresh_token: expect.stringMatching(/^cli_rt_mock_/), scope: 'cli' });
  mock.clock.advance(login.interval);
  expectOAuthError(await poll(mock, login), 'invalid_grant');
});

test('SYN-CLI-1 polling sooner than the interval is slow_down, and each slow_down adds 5 seconds to the interval', async ({ mock }) => {
  const login = await startLogin(mock);
  expectOAuthError(await poll(mock, login), 'authorization_pending');
  mock.clock.advance(2);
  expectOAuthError(await poll(mock, login), 'slow_down');
  mock.clock.advance(login.interval + 5);
  expectOAuthError(await poll(mock, login), 'authorization_pending');
  mock.clock.advance(login.interval);
  expectOAuthError(await poll(mock, login), 'slow_down');
  mock.clock.advance(login.interval + 10);
  expectOAuthError(await poll(mock, login), 'authorization_pending');
});

test('SYN-CLI-1 a login the user denied is access_denied', async ({ mock }) => {
  const login = await startLogin(mock);
  await control(mock, 'denyDevice', { user_code: login.user_code });
  expectOAuthError(await poll(mock, login), 'access_denied');
  mock.clock.advance(login.interval);
  expectOAuthError(await poll(mock, login), 'access_denied');
});

test('SYN-CLI-1 a device code polled after expires_in is expired_token, even if approved late', async ({ mock }) => {
  const login = await startLogin(mock);
  expectOAuthError(await poll(mock, login), 'authorization_pending');
  mock.clock.advance(login.expires_in - 1);
  expectOAuthError(await poll(mock, login), 'authorization_pending');
  mock.clock.advance(1);
  expectOAuthError(await poll(mock, login), 'expired_token');
  await control(mock, 'approveDevice', { user_code: login.user_code });
  mock.clock.advance(login.interval);
  expectOAuthError(await poll(mock, login), 'expired_token');
});

test('unknown clients, unknown codes, other grant types and missing parameters are RFC 6749 errors', async ({ mock }) => {
  const unknownClient = await call(mock, 'requestDeviceCode', { json: { client_id: 'mock-unknown-client' } });
  expectOAuthError(unknownClient, 'invalid_client');
  expectOAuthError(await call(mock, 'requestDeviceCode', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=cli' }), 'invalid_request');
  const login = await startLogin(mock);
  expectOAuthError(await poll(mock, { ...login, device_code: 'dc_mock_000000000000000000000000' }), 'invalid_grant');
  const form = (params: Record<string, string>) => call(mock, 'exchangeDeviceCode', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
  expectOAuthError(await form({ grant_type: 'refresh_token', device_code: login.device_code, client_id: CLI_CLIENT }), 'unsupported_grant_type');
  expectOAuthError(await form({ grant_type: DEVICE_GRANT, client_id: CLI_CLIENT }), 'invalid_request');
  expectOAuthError(await form({ grant_type: DEVICE_GRANT, device_code: login.device_code, client_id: 'mock-other-client' }), 'invalid_grant');
});
