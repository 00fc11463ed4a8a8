/** Sonar token lifecycle (SON-TOK-*): user tokens, refresh, expiry, mobile tokens and the SDK handshake, API keys. */
import { mobileTokenFor, userTokenFor, workerUserId, SONAR_VARIABLES } from '../../../src/adapters/sonar';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect, test } from '../fixtures';
import { expectDocumented, expectError, expectIssued, expectLifetime, lifetimeOf, needsWrites, withApiKey } from './support';

/** A handshake of the Mobile SDK with a mobile token (the spec's example body). */
function handshake(session: ProviderSession, adapter: ProviderAdapter, token: string, label: string): Promise<ApiResult> {
  return session.api.call('sdkHandshake', { json: { platform: 'ios', sdk_version: '2.4.1' }, auth: adapter.authHeaders('mobileToken', token), label });
}

/** A read of the user's scores with a bearer value (the user's own data). */
function readScores(session: ProviderSession, adapter: ProviderAdapter, scheme: string, token: string, userId: string, label: string): Promise<ApiResult> {
  return session.api.call('listScores', { pathParams: { user_id: userId }, auth: adapter.authHeaders(scheme, token), label });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.describe('token lifecycle', () => {
  test('SON-TOK-1 an API key issues a user token {token, user_id, expires_at} that expires one hour after issue', async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-TOK-1');
    const userId = await workerUserId(session);
    const res = await test.step('issue a user token with the API key', () => withApiKey(session, 'createUserToken', { json: { user_id: userId }, label: 'SON-TOK-1' }));
    const issued = await test.step('the answer is {token, user_id, expires_at} for the user', async () => expectIssued(session, res, userId, 'SON-TOK-1: createUserToken'));
    await test.step('expires_at is one hour after the issue (Date header)', async () => expectLifetime(res, issued, lifetimeOf(session, 'userToken'), 'SON-TOK-1'));
    await test.step("the token reads its user's scores", async () => {
      expectDocumented(session, await readScores(session, adapter, 'userToken', issued.token, userId, 'SON-TOK-1: use the token'), 200, 'SON-TOK-1: listScores with the new user token');
    });
  });

  test('SON-TOK-2 an expired user token is refused with 401 token_expired', async ({ session, adapter, control }) => {
    const userId = await workerUserId(session);
    const issued = await test.step('issue a user token', () => userTokenFor(session, userId));
    await test.step('the token works before its expiry', async () => {
      expectDocumented(session, await readScores(session, adapter, 'userToken', issued.token, userId, 'SON-TOK-2: before expiry'), 200, 'SON-TOK-2: listScores before expiry');
    });
    await test.step('move the mock clock one hour and a second forward', () => control.sandbox!.advanceClock(lifetimeOf(session, 'userToken') + 1));
    await test.step('the token is refused: 401 token_expired', async () => {
      const res = await readScores(session, adapter, 'userToken', issued.token, userId, 'SON-TOK-2: after expiry');
      expectError(session, res, 401, 'token_expired', 'SON-TOK-2: listScores with an expired user token');
    });
  });

  test('SON-TOK-3 refreshing gives a new user token with a later expires_at, one hour after the refresh', async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-TOK-3');
    const userId = await workerUserId(session);
    const first = await test.step('issue a user token', () => userTokenFor(session, userId));
    await test.step('wait past the second of the issue (expires_at has second resolution)', () => pause(1100));
    const res = await test.step('refresh the user token with the API key', () => withApiKey(session, 'refreshUserToken', { json: { user_id: userId }, label: 'SON-TOK-3' }));
    const refreshed = await test.step('the answer is a token for the user', async () => expectIssued(session, res, userId, 'SON-TOK-3: refreshUserToken'));
    await test.step('the token is new and expires later, one hour after the refresh', async () => {
      expect(refreshed.token === first.token, 'SON-TOK-3: the refreshed token must be a new token, not the one issued before').toBe(false);
      expect(Date.parse(refreshed.expires_at), `SON-TOK-3: the refreshed expires_at (${refreshed.expires_at}) must be later than the first (${first.expires_at})`).toBeGreaterThan(Date.parse(first.expires_at));
      expectLifetime(res, refreshed, lifetimeOf(session, 'userToken'), 'SON-TOK-3: refreshed token');
    });
    await test.step('the refreshed token reads the user\'s scores', async () => {
      expectDocumented(session, await readScores(session, adapter, 'userToken', refreshed.token, userId, 'SON-TOK-3: use it'), 200, 'SON-TOK-3: listScores with the refreshed token');
    });
  });

  test('SON-TOK-4 a mobile token starts with mt_, expires five minutes after issue, and scopes are optional', async ({ session, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-TOK-4');
    const userId = await workerUserId(session);
    const prefix = String((session.spec.document.components?.securitySchemes?.mobileToken as Record<string, unknown>)['x-token-prefix']);
    const lifetime = lifetimeOf(session, 'mobileToken');
    for (const scopes of [['activity', 'sleep', 'vitals'], undefined]) {
      const how = scopes ? `with scopes ${scopes.join(',')}` : 'without scopes';
      await test.step(`issue a mobile token ${how}: ${prefix}…, ${lifetime} s`, async () => {
        const res = await withApiKey(session, 'createMobileToken', { json: { user_id: userId, ...(scopes ? { scopes } : {}) }, label: `SON-TOK-4 ${how}` });
        const issued = expectIssued(session, res, userId, `SON-TOK-4: createMobileToken ${how}`);
        expect(issued.token.startsWith(prefix), `SON-TOK-4: a mobile token issued ${how} must start with ${prefix}; it starts with ${issued.token.slice(0, 4)}…`).toBe(true);
        expectLifetime(res, issued, lifetime, `SON-TOK-4: mobile token ${how}`);
      });
    }
  });

  test('SON-TOK-5 a mobile token is single-use: a second handshake fails invalid_token, and so does one unused for five minutes', async ({ session, adapter, control }) => {
    const userId = await workerUserId(session);
    const used = await test.step('issue a mobile token', () => mobileTokenFor(session, userId));
    await test.step('the first SDK handshake succeeds for the user', async () => {
      const res = await handshake(session, adapter, used.token, 'SON-TOK-5: first handshake');
      expectDocumented(session, res, 200, 'SON-TOK-5: first sdkHandshake');
      expect((res.json as { user_id: unknown }).user_id, 'SON-TOK-5: the handshake session is for the token\'s user').toBe(userId);
    });
    await test.step('a second handshake with the same token -> 401 invalid_token', async () => {
      expectError(session, await handshake(session, adapter, used.token, 'SON-TOK-5: second handshake'), 401, 'invalid_token', 'SON-TOK-5: second sdkHandshake with a used mobile token');
    });
    const unused = await test.step('issue another mobile token', () => mobileTokenFor(session, userId));
    await test.step('move the mock clock five minutes and a second forward', () => control.sandbox!.advanceClock(lifetimeOf(session, 'mobileToken') + 1));
    await test.step('its first handshake, after the five minutes -> 401 invalid_token', async () => {
      expectError(session, await handshake(session, adapter, unused.token, 'SON-TOK-5: expired handshake'), 401, 'invalid_token', 'SON-TOK-5: sdkHandshake with an expired mobile token');
    });
  });

  test('SON-TOK-6 a mobile token is not a REST credential: REST endpoints answer 401 invalid_token', async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-TOK-6');
    const userId = await workerUserId(session);
    const mobile = await test.step('issue a mobile token', () => mobileTokenFor(session, userId));
    await test.step("reading its own user's scores with it -> 401 invalid_token", async () => {
      expectError(session, await readScores(session, adapter, 'mobileToken', mobile.token, userId, 'SON-TOK-6: listScores'), 401, 'invalid_token', 'SON-TOK-6: listScores with a mobile token');
    });
    await test.step('listing users with it -> 401 invalid_token', async () => {
      const res = await session.api.call('listUsers', { auth: adapter.authHeaders('mobileToken', mobile.token), label: 'SON-TOK-6: listUsers' });
      expectError(session, res, 401, 'invalid_token', 'SON-TOK-6: listUsers with a mobile token');
    });
  });

  test('SON-TOK-7 rotating an API key revokes the old one at once, and a key older than 90 days is rejected', async ({ session, adapter, control }) => {
    // Rotates the live key, so that the sandbox key (SONAR_API_KEY) every other test of this worker uses stays valid.
    const live = session.target.credentials[SONAR_VARIABLES.liveApiKey];
    test.skip(!live, `SON-TOK-7 rotates the live key; ${SONAR_VARIABLES.liveApiKey} is not set for this run.`);
    const rotated = (await test.step('rotate the live key (mock control: the dashboard)', () => control.sandbox!.action('rotateKey', { environment: 'live' }))) as { key: string; revoked: string };
    session.redactor.addSecret(rotated.key);
    session.target.credentials[SONAR_VARIABLES.liveApiKey] = rotated.key;
    await test.step('the old key -> 401 invalid_token at once', async () => {
      const res = await session.api.call('listUsers', { auth: adapter.authHeaders('apiKey', live!), label: 'SON-TOK-7: old key' });
      expectError(session, res, 401, 'invalid_token', 'SON-TOK-7: listUsers with the key revoked by rotation');
    });
    await test.step('the new key works', async () => {
      expectDocumented(session, await session.api.call('listUsers', { auth: adapter.authHeaders('apiKey', rotated.key), label: 'SON-TOK-7: new key' }), 200, 'SON-TOK-7: listUsers with the rotated key');
    });
    const old = (await test.step('a sandbox key issued 91 days ago (mock control)', () => control.sandbox!.action('createKey', { environment: 'sandbox', age_days: 91 }))) as { key: string };
    session.redactor.addSecret(old.key);
    await test.step('the 91-day-old key -> 401 token_expired', async () => {
      const res = await session.api.call('listUsers', { auth: adapter.authHeaders('apiKey', old.key), label: 'SON-TOK-7: 91-day-old key' });
      expectError(session, res, 401, 'token_expired', 'SON-TOK-7: listUsers with a key older than 90 days');
    });
  });
});
