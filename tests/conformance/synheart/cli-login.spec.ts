/**
 * Synheart CLI login (SYN-CLI-1): the OAuth 2.0 device flow (RFC 8628). The user's decision in the developer
 * portal is made through the mock's control surface (approveDevice, denyDevice); time passes on the mock's clock.
 */
import { cliClientId, deviceTokenRequest, startDeviceLogin, type DeviceLogin } from '../../../src/adapters/synheart';
import type { ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect, test } from '../fixtures';
import { expectDocumented, expectOAuthError } from './support';

/** RFC 8628 section 3.5: after slow_down the client adds 5 seconds to its polling interval. */
const SLOW_DOWN_STEP_SECONDS = 5;

/** One poll of the token endpoint for a device code. */
function poll(session: ProviderSession, login: DeviceLogin, label: string): Promise<ApiResult> {
  return session.api.call('exchangeDeviceCode', { json: deviceTokenRequest(login.device_code), label: `SYN-CLI-1: ${label}` });
}

test.describe('CLI login (device flow)', () => {
  test('SYN-CLI-1 a CLI login is pending, slow_down when polled too fast, and approved gives one token', async ({ session, control }) => {
    const mock = control.sandbox!;
    const login = await test.step('start a login: 200 with a device code, a user code, expires_in and interval', async () => {
      const res = await session.api.call('requestDeviceCode', { json: { client_id: cliClientId() }, label: 'SYN-CLI-1: start' });
      expectDocumented(session, res, 200, 'SYN-CLI-1: requestDeviceCode');
      session.redactor.addSecret((res.json as DeviceLogin).device_code);
      return res.json as DeviceLogin;
    });
    await test.step('the first poll, before the user decided -> authorization_pending', async () => {
      expectOAuthError(session, await poll(session, login, 'first poll'), 'authorization_pending', 'SYN-CLI-1: a poll before the user decided');
    });
    await test.step(`a poll right after it, sooner than interval (${login.interval} s) -> slow_down`, async () => {
      expectOAuthError(session, await poll(session, login, 'too fast'), 'slow_down', 'SYN-CLI-1: a poll sooner than the interval');
    });
    const slowed = login.interval + SLOW_DOWN_STEP_SECONDS;
    await test.step(`a poll ${slowed} s later (interval + 5 s, as RFC 8628 tells the client) -> authorization_pending`, async () => {
      await mock.advanceClock(slowed);
      expectOAuthError(session, await poll(session, login, 'after slowing down'), 'authorization_pending', `SYN-CLI-1: a poll ${slowed} s after a slow_down`);
    });
    await test.step('the user approves in the portal; the next poll -> 200 with a Bearer token, not cached', async () => {
      await mock.action('approveDevice', { user_code: login.user_code });
      await mock.advanceClock(slowed);
      const res = await poll(session, login, 'after approval');
      const token = res.json as { access_token?: string; refresh_token?: string; token_type?: string };
      session.redactor.addSecret(token?.access_token);
      session.redactor.addSecret(token?.refresh_token);
      expectDocumented(session, res, 200, 'SYN-CLI-1: exchangeDeviceCode after the user approved');
      expect(token.token_type, 'SYN-CLI-1: token_type').toBe('Bearer');
    });
    await test.step('the device code gives one token only: the next poll -> invalid_grant', async () => {
      await mock.advanceClock(slowed);
      expectOAuthError(session, await poll(session, login, 'after the token was issued'), 'invalid_grant', 'SYN-CLI-1: a poll with a device code already exchanged');
    });
  });

  test('SYN-CLI-1 a device code is pending until expires_in and expired_token from then on', async ({ session, control }) => {
    const mock = control.sandbox!;
    const login = await test.step('start a login', () => startDeviceLogin(session, 'SYN-CLI-1: start (expiry)'));
    const margin = login.interval * 2;
    await test.step(`${margin} s before expires_in (${login.expires_in} s) -> authorization_pending`, async () => {
      await mock.advanceClock(login.expires_in - margin);
      expectOAuthError(session, await poll(session, login, 'before expiry'), 'authorization_pending', `SYN-CLI-1: a poll ${margin} s before the device code expires`);
    });
    await test.step(`at expires_in -> expired_token`, async () => {
      await mock.advanceClock(margin);
      expectOAuthError(session, await poll(session, login, 'at expiry'), 'expired_token', `SYN-CLI-1: a poll ${login.expires_in} s after the login started`);
    });
  });

  test('SYN-CLI-1 a login the user denies is access_denied', async ({ session, control }) => {
    const mock = control.sandbox!;
    const login = await test.step('start a login', () => startDeviceLogin(session, 'SYN-CLI-1: start (denial)'));
    await test.step('before the decision -> authorization_pending', async () => {
      expectOAuthError(session, await poll(session, login, 'before denial'), 'authorization_pending', 'SYN-CLI-1: a poll before the user decided');
    });
    await test.step('the user denies in the portal; the next poll -> access_denied', async () => {
      await mock.action('denyDevice', { user_code: login.user_code });
      await mock.advanceClock(login.interval);
      expectOAuthError(session, await poll(session, login, 'after denial'), 'access_denied', 'SYN-CLI-1: a poll after the user denied the login');
    });
  });
});
