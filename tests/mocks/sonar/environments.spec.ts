/** Sonar's environments on the mock: the key prefix, not the host, picks sandbox or production behaviour. */
import { expect, test } from './fixtures';
import { call, expectError, LIVE_KEY, SANDBOX_KEY, type Sonar } from './helpers';

/** Item counts of each data read of a user, read with a key (per_page=1, so meta.total counts them; devices are not paged). */
async function dataTotals(mock: Sonar, key: string, userId: string): Promise<Record<string, number>> {
  const reads: [string, Record<string, string | number>][] = [
    ['listScores', {}],
    ['listDailyMetrics', {}],
    ['listSleep', {}],
    ['listWorkouts', {}],
    ['listTimeseries', { metric: 'heart_rate' }],
    ['listDevices', {}],
  ];
  const totals: Record<string, number> = {};
  for (const [operationId, query] of reads) {
    const paged = operationId !== 'listDevices';
    const res = await call(mock, operationId, { token: key, pathParams: { user_id: userId }, query: paged ? { ...query, per_page: 1 } : query });
    expect(res.status, res.text).toBe(200);
    totals[operationId] = paged ? res.json.meta.total : res.json.data.length;
  }
  return totals;
}

test('SON-ENV-1 a user created with an sk_sandbox_ key has 7 days of seeded data and score_status ready', async ({ mock }) => {
  const created = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'env-1-user', timezone: 'Asia/Tokyo' } });
  expect(created.status, created.text).toBe(201);
  expect(created.json.data).toMatchObject({ reference_id: 'env-1-user', timezone: 'Asia/Tokyo', status: 'active', score_status: 'ready' });
  // the quickstart's new sandbox user: ready at once, but nothing synced or scored yet
  expect(created.json.data).toMatchObject({ last_sync_at: null, last_score_at: null });
  const totals = await dataTotals(mock, SANDBOX_KEY, created.json.data.id);
  expect(totals).toMatchObject({ listScores: 7 * 8, listDailyMetrics: 7 * 9, listSleep: 7, listTimeseries: 7 * 24, listDevices: 1 });
  expect(totals.listWorkouts).toBeGreaterThan(0);
  const sleep = await call(mock, 'listSleep', { token: SANDBOX_KEY, pathParams: { user_id: created.json.data.id } });
  const dates = sleep.json.data.map((s: { date: string }) => s.date);
  expect(new Set(dates).size).toBe(7);
});

test('SON-ENV-1 the seeded week is the 7 calendar days before creation in the user\'s timezone, with scores 0..100 and factors', async ({ mock }) => {
  const created = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'env-1-dates', timezone: 'Pacific/Kiritimati' } });
  const userId = created.json.data.id;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(mock.clock.now());
  const scores = await call(mock, 'listScores', { token: SANDBOX_KEY, pathParams: { user_id: userId }, query: { per_page: 100 } });
  const dates = [...new Set(scores.json.data.map((s: { date: string }) => s.date))].sort();
  expect(dates).toHaveLength(7);
  expect(dates.every((d) => String(d) < today)).toBe(true);
  for (const score of scores.json.data) {
    expect(score.value).toBeGreaterThanOrEqual(0);
    expect(score.value).toBeLessThanOrEqual(100);
    expect(score.factors.length).toBeGreaterThan(0);
  }
});

test('SON-ENV-2 a user created with an sk_live_ key has no data yet and is calibrating', async ({ mock }) => {
  const created = await call(mock, 'createUser', { token: LIVE_KEY, json: { reference_id: 'env-2-user' } });
  expect(created.status, created.text).toBe(201);
  expect(created.json.data).toMatchObject({ timezone: 'UTC', score_status: 'calibrating', last_sync_at: null, last_score_at: null });
  const totals = await dataTotals(mock, LIVE_KEY, created.json.data.id);
  expect(Object.values(totals)).toEqual([0, 0, 0, 0, 0, 0]);
});

test('SON-ENV-2 the environments are kept apart: a key of one cannot see users, events or webhooks of the other', async ({ mock }) => {
  const live = await call(mock, 'createUser', { token: LIVE_KEY, json: { reference_id: 'env-2-apart' } });
  expectError(await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: live.json.data.id } }), 404, 'not_found');
  const sandboxUser = (await call(mock, 'listUsers', { token: SANDBOX_KEY })).json.data[0].id;
  expectError(await call(mock, 'listScores', { token: LIVE_KEY, pathParams: { user_id: sandboxUser } }), 404, 'not_found');
  const liveUsers = (await call(mock, 'listUsers', { token: LIVE_KEY })).json.data.map((u: { id: string }) => u.id);
  expect(liveUsers).toContain(live.json.data.id);
  expect(liveUsers).not.toContain(sandboxUser);
  const liveEvents = (await call(mock, 'listEvents', { token: LIVE_KEY, query: { limit: 100 } })).json.events;
  expect(liveEvents.every((e: { user_id: string }) => e.user_id !== sandboxUser)).toBe(true);
  expect((await call(mock, 'listWebhooks', { token: LIVE_KEY })).json.data).toHaveLength(0);
  expect((await call(mock, 'listWebhooks', { token: SANDBOX_KEY })).json.data).toHaveLength(1);
  // the same reference id may exist once per environment
  expect((await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'env-2-apart' } })).status).toBe(201);
});

test('SON-ENV-3 a key that is not sk_live_ or sk_sandbox_ is 401 invalid_token', async ({ mock }) => {
  for (const token of ['pk_mock_0001', 'sk_test_mock_0001', 'mock-malformed-credential', 'sandbox_mock_0001']) {
    expectError(await call(mock, 'listUsers', { token }), 401, 'invalid_token');
  }
  expectError(await call(mock, 'listUsers', { token: 'sk_sandbox_mock_not_issued' }), 401, 'invalid_token');
  expect((await call(mock, 'listUsers', { token: SANDBOX_KEY })).status).toBe(200);
  expect((await call(mock, 'listUsers', { token: LIVE_KEY })).status).toBe(200);
});

test('the mock prints the sandbox and live keys as SONAR_API_KEY and SONAR_LIVE_API_KEY', async ({ mock }) => {
  expect(mock.credentials()).toEqual({ SONAR_API_KEY: SANDBOX_KEY, SONAR_LIVE_API_KEY: LIVE_KEY });
  const state = await (await fetch(`${mock.controlUrl}/state`)).json();
  expect(JSON.stringify(state)).toContain(SANDBOX_KEY);
});
