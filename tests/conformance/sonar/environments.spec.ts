/** Sonar environments (SON-ENV-*): the API key's prefix, not the host, picks sandbox or production behaviour. */
import { apiKeyHeaders, createFreshUser, liveApiKeyOf, SONAR_VARIABLES } from '../../../src/adapters/sonar';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import { expect, test } from '../fixtures';
import { expectError, listData, needsWrites } from './support';

/** The days a sandbox user is seeded with (sonar-tokens.md: 7 days of realistic data). */
const SEEDED_DAYS = 7;

/** The distinct dates of a user's daily metrics and scores over the default range (the past week and today). */
async function dataDates(session: ProviderSession, auth: Record<string, string>, userId: string, what: string): Promise<{ daily: string[]; scores: string[] }> {
  const dates = async (operationId: string) => {
    const res = await session.api.call(operationId, { pathParams: { user_id: userId }, query: { per_page: 100 }, auth, label: `${what} ${operationId}` });
    return [...new Set(listData(session, res, `${what}: ${operationId}`).map((d) => String(d.date)))].sort();
  };
  return { daily: await dates('listDailyMetrics'), scores: await dates('listScores') };
}

/** Some values that are neither an `sk_live_` nor an `sk_sandbox_` key. */
const NOT_KEYS = ['sk_test_mock_0001', 'mock-not-a-key', 'pk_sandbox_mock_0001'];

const keyHeaders = (adapter: ProviderAdapter, key: string) => adapter.authHeaders('apiKey', key);

test.describe('environments', () => {
  test('SON-ENV-1 an sk_sandbox_ key creates users seeded with 7 days of data and score_status ready', async ({ session, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-ENV-1');
    const user = await test.step('create a user with the sandbox key', () => createFreshUser(session));
    await test.step('the new user is ready at once: score_status ready (last_sync_at and last_score_at may still be null, as in the quickstart)', async () => {
      expect(user.score_status, 'SON-ENV-1: score_status of a new sandbox user').toBe('ready');
    });
    await test.step('its daily metrics and scores cover 7 days', async () => {
      const { daily, scores } = await dataDates(session, apiKeyHeaders(session), user.id, 'SON-ENV-1');
      expect(daily.length, `SON-ENV-1: days with daily metrics for a new sandbox user (${daily.join(', ')})`).toBe(SEEDED_DAYS);
      expect(scores.length, `SON-ENV-1: days with scores for a new sandbox user (${scores.join(', ')})`).toBe(SEEDED_DAYS);
    });
  });

  test("SON-ENV-1 deleting a sandbox user's seeded device removes the history it brought", async ({ session, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-ENV-1');
    const user = await test.step('create a user with the sandbox key', () => createFreshUser(session));
    const auth = apiKeyHeaders(session);
    const pathParams = { user_id: user.id };
    const history = async (what: string) => {
      const days = await dataDates(session, auth, user.id, what);
      const sleep = await session.api.call('listSleep', { pathParams, query: { per_page: 100 }, auth, label: `${what} listSleep` });
      return { daily: days.daily.length, sleep: listData(session, sleep, `${what}: listSleep`).length };
    };
    const before = await test.step('the seeded week is there: daily metrics and sleep', () => history('SON-ENV-1 before'));
    expect(before.daily, 'SON-ENV-1: days with daily metrics before the device is deleted').toBe(SEEDED_DAYS);
    const devices = await test.step("the user's devices", async () => {
      const res = await session.api.call('listDevices', { pathParams, auth, label: 'SON-ENV-1 listDevices' });
      return listData(session, res, 'SON-ENV-1: listDevices of a new sandbox user') as { id: string; status: string }[];
    });
    expect(devices.length, 'SON-ENV-1: a new sandbox user has its seeded device').toBeGreaterThan(0);
    for (const device of devices) {
      await test.step(`delete the device ${device.id} -> 204`, async () => {
        const res = await session.api.call('deleteDevice', { pathParams: { ...pathParams, device_id: device.id }, auth, label: 'SON-ENV-1 deleteDevice' });
        expect(res.status, `SON-ENV-1: deleteDevice ${device.id} should answer 204, it answered ${res.status}`).toBe(204);
      });
    }
    await test.step('the history it brought is gone: no daily metric, no sleep session (api-reference/devices: historical data is removed)', async () => {
      expect(await history('SON-ENV-1 after'), 'SON-ENV-1: daily days and sleep sessions after every device of the user was deleted').toEqual({ daily: 0, sleep: 0 });
    });
  });

  test('SON-ENV-2 an sk_live_ key creates users with no data yet, apart from the sandbox', async ({ session, adapter, control }) => {
    void control; // mock only: it creates a user with the live key
    const live = liveApiKeyOf(session);
    test.skip(!live, `SON-ENV-2 needs ${SONAR_VARIABLES.liveApiKey}, which is not set for this run.`);
    const auth = keyHeaders(adapter, live!);
    const user = await test.step('create a user with the live key', () => createFreshUser(session, live!));
    await test.step('the new user is calibrating, never synced nor scored', async () => {
      expect(user.score_status, 'SON-ENV-2: score_status of a new live user').toBe('calibrating');
      expect(user.last_sync_at, 'SON-ENV-2: last_sync_at of a new live user').toBeNull();
      expect(user.last_score_at, 'SON-ENV-2: last_score_at of a new live user').toBeNull();
    });
    await test.step('it has no daily metrics and no scores', async () => {
      const { daily, scores } = await dataDates(session, auth, user.id, 'SON-ENV-2');
      expect(daily, 'SON-ENV-2: days with daily metrics for a new live user').toEqual([]);
      expect(scores, 'SON-ENV-2: days with scores for a new live user').toEqual([]);
    });
    await test.step('the sandbox key does not see the live user: 404 not_found', async () => {
      const res = await session.api.call('getUser', { pathParams: { user_id: user.id }, auth: apiKeyHeaders(session), label: 'SON-ENV-2 sandbox key' });
      expectError(session, res, 404, 'not_found', 'SON-ENV-2: getUser of a live user with the sandbox key');
    });
  });

  test('SON-ENV-3 a key that is not sk_live_… or sk_sandbox_… -> 401 invalid_token', async ({ session, adapter }) => {
    for (const value of NOT_KEYS) {
      await test.step(`listUsers with "${value}" -> 401 invalid_token`, async () => {
        const res = await session.api.call('listUsers', { auth: keyHeaders(adapter, value), label: `SON-ENV-3 ${value}` });
        expectError(session, res, 401, 'invalid_token', `SON-ENV-3: listUsers with the key "${value}"`);
      });
    }
  });
});
