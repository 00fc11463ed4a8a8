/** Users, devices, webhooks, data filters and the rate limit of the Sonar mock, beyond the catalog promises. */
import { expect, test } from './fixtures';
import { call, control, expectError, firstUser, mobileToken, SANDBOX_KEY, userToken, type Sonar } from './helpers';

const key = { token: SANDBOX_KEY };

test('a user is created, read, renamed, moved to another timezone and deleted', async ({ mock }) => {
  const created = await call(mock, 'createUser', { ...key, json: { reference_id: 'crud-1' } });
  expect(created.status).toBe(201);
  expect(created.json.data.timezone).toBe('UTC');
  const user = { user_id: created.json.data.id };
  expect((await call(mock, 'getUser', { ...key, pathParams: user })).json).toEqual(created.json);
  const updated = await call(mock, 'updateUser', { ...key, pathParams: user, json: { reference_id: 'crud-1b', timezone: 'America/Sao_Paulo' } });
  expect(updated.json.data).toMatchObject({ reference_id: 'crud-1b', timezone: 'America/Sao_Paulo' });
  expectError(await call(mock, 'updateUser', { ...key, pathParams: user, json: { reference_id: 'sandbox-customer-0002' } }), 409, 'conflict');
  expect((await call(mock, 'updateUser', { ...key, pathParams: user, json: { reference_id: 'crud-1b' } })).status).toBe(200);
  expectError(await call(mock, 'updateUser', { ...key, pathParams: user, json: { timezone: 'Mars/Olympus_Mons' } }), 400, 'invalid_request');
  expectError(await call(mock, 'updateUser', { ...key, pathParams: user, json: {} }), 400, 'invalid_request');
  expect((await call(mock, 'deleteUser', { ...key, pathParams: user })).json.data.status).toBe('deleted');
});

test('creating a user with an unknown timezone or a reference id in use is refused', async ({ mock }) => {
  expectError(await call(mock, 'createUser', { ...key, json: { reference_id: 'tz-1', timezone: 'Europe/Atlantis' } }), 400, 'invalid_request');
  expectError(await call(mock, 'createUser', { ...key, json: { reference_id: 'sandbox-customer-0001' } }), 409, 'conflict');
  expect((await call(mock, 'listUsers', key)).json.meta.total).toBe(3);
});

test('a cloud device connects pending with an auth_url, turns active when the provider OAuth completes, and disconnects; each change is an event', async ({ mock }) => {
  const userId = firstUser(mock);
  const user = { user_id: userId };
  const created = await call(mock, 'createDevice', { ...key, pathParams: user, json: { provider: 'polar' } });
  expect(created.status, created.text).toBe(200);
  expect(Object.keys(created.json.data).sort()).toEqual(['auth_url', 'id', 'provider', 'status']);
  expect(created.json.data).toMatchObject({ provider: 'polar', status: 'pending', auth_url: expect.stringMatching(/^https:\/\//) });
  const listed = async () => (await call(mock, 'listDevices', { ...key, pathParams: user })).json.data.find((d: { id: string }) => d.id === created.json.data.id);
  expect(await listed()).toMatchObject({ status: 'pending', connected_at: null, last_sync_at: null });
  expectError(await call(mock, 'createDevice', { ...key, pathParams: user, json: { provider: 'polar' } }), 409, 'conflict');
  expectError(await call(mock, 'createDevice', { ...key, pathParams: user, json: { provider: 'apple_health' } }), 400, 'invalid_request');
  const device = { ...user, device_id: created.json.data.id };
  expect(await control(mock, 'completeDeviceOAuth', device)).toEqual({ device_id: device.device_id, status: 'active' });
  expect(await listed()).toMatchObject({ status: 'active', connected_at: expect.any(String) });
  expect((await call(mock, 'deleteDevice', { ...key, pathParams: device })).status).toBe(204);
  expectError(await call(mock, 'deleteDevice', { ...key, pathParams: device }), 404, 'not_found');
  const events = (await call(mock, 'listEvents', key)).json.events.slice(-2);
  expect(events.map((e: { event_type: string; device_id: string }) => [e.event_type, e.device_id])).toEqual([
    ['device.connected', created.json.data.id],
    ['device.disconnected', created.json.data.id],
  ]);
});

test("deleting a device removes the history it brought: daily values, sleep, workouts and time series; scores stay", async ({ mock }) => {
  const user = { user_id: firstUser(mock) };
  const read = async (operationId: string, query: Record<string, string | number> = {}) => (await call(mock, operationId, { ...key, pathParams: user, query: { ...query, per_page: 1 } })).json.meta.total;
  const counts = async () => [await read('listDailyMetrics'), await read('listSleep'), await read('listWorkouts'), await read('listTimeseries', { metric: 'heart_rate' }), await read('listScores')];
  const before = await counts();
  expect(before.slice(0, 4).every((n) => n > 0)).toBe(true);
  const [seeded] = (await call(mock, 'listDevices', { ...key, pathParams: user })).json.data;
  expect((await call(mock, 'deleteDevice', { ...key, pathParams: { ...user, device_id: seeded.id } })).status).toBe(204);
  expect(await counts()).toEqual([0, 0, 0, 0, before[4]]);
});

test('an Android handshake connects Health Connect once; a second one reuses the device', async ({ mock }) => {
  const userId = firstUser(mock);
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { token } = await mobileToken(mock, userId, ['vitals']);
    const res = await call(mock, 'sdkHandshake', { token, json: { platform: 'android', sdk_version: '3.0.0-beta.2' } });
    expect(res.status, res.text).toBe(200);
    ids.push(res.json.device_id);
  }
  expect(ids[0]).toBe(ids[1]);
  const devices = (await call(mock, 'listDevices', { ...key, pathParams: { user_id: userId } })).json.data;
  expect(devices.filter((d: { provider: string }) => d.provider === 'health_connect')).toHaveLength(1);
});

test('webhooks are created with a signing secret shown once, updated and deleted', async ({ mock }) => {
  const created = await call(mock, 'createWebhook', { ...key, json: { url: 'https://example.com/sonar', events: ['data.updated', 'score.updated'] } });
  expect(created.status, created.text).toBe(201);
  expect(created.json.data.signing_secret).toMatch(/^whsec_mock_/);
  const hook = { webhook_id: created.json.data.id };
  const listed = (await call(mock, 'listWebhooks', key)).json.data;
  expect(listed.map((w: { id: string }) => w.id)).toContain(hook.webhook_id);
  expect(listed.every((w: object) => !('signing_secret' in w))).toBe(true);
  const updated = await call(mock, 'updateWebhook', { ...key, pathParams: hook, json: { status: 'disabled', events: ['device.connected'] } });
  expect(updated.json.data).toMatchObject({ status: 'disabled', events: ['device.connected'], url: 'https://example.com/sonar' });
  expectError(await call(mock, 'createWebhook', { ...key, json: { url: 'http://example.com/plain', events: ['data.updated'] } }), 400, 'invalid_request');
  expectError(await call(mock, 'createWebhook', { ...key, json: { url: 'https://example.com/x', events: [] } }), 400, 'invalid_request');
  expect((await call(mock, 'deleteWebhook', { ...key, pathParams: hook })).status).toBe(204);
  expectError(await call(mock, 'deleteWebhook', { ...key, pathParams: hook }), 404, 'not_found');
  expectError(await call(mock, 'updateWebhook', { ...key, pathParams: hook, json: { status: 'active' } }), 404, 'not_found');
});

test('data reads filter by metric and by an inclusive date range; a backwards range is 400', async ({ mock }) => {
  const user = { user_id: firstUser(mock) };
  const sleep = (await call(mock, 'listSleep', { ...key, pathParams: user })).json.data;
  const [second, fourth] = [sleep[1].date, sleep[3].date];
  const daily = await call(mock, 'listDailyMetrics', { ...key, pathParams: user, query: { metrics: 'steps,distance,no_such_metric', start_date: second, end_date: fourth, per_page: 100 } });
  expect(daily.json.meta.total).toBe(6);
  expect(new Set(daily.json.data.map((d: { metric: string }) => d.metric))).toEqual(new Set(['steps', 'distance']));
  expect(daily.json.data.filter((d: { metric: string }) => d.metric === 'distance').every((d: { unit: string }) => d.unit === 'km')).toBe(true);
  expect(daily.json.data.some((d: object) => 'source' in d), 'no source without include_sources').toBe(false);
  const sourced = await call(mock, 'listDailyMetrics', { ...key, pathParams: user, query: { metrics: 'distance', include_sources: 'true', per_page: 1 } });
  expect(sourced.json.data[0].source).toMatchObject({ original_unit: 'm', original_value: Math.round(sourced.json.data[0].value * 1000 * 1000) / 1000 });
  const latest = await call(mock, 'getLatestScores', { ...key, pathParams: user });
  expect(latest.json.data.map((s: { metric: string }) => s.metric).sort()).toHaveLength(8);
  const lastDay = sleep[sleep.length - 1].date;
  expect(latest.json.data.every((s: { date: string }) => s.date === lastDay)).toBe(true);
  expect((await call(mock, 'getLatestScores', { ...key, pathParams: user, query: { metrics: 'sleep_score' } })).json.data.map((s: { metric: string }) => s.metric)).toEqual(['sleep_score']);
  expect(daily.json.data.every((d: { date: string }) => d.date >= second && d.date <= fourth)).toBe(true);
  const scores = await call(mock, 'listScores', { ...key, pathParams: user, query: { metrics: 'sleep_score', per_page: 100 } });
  expect(scores.json.data.map((s: { metric: string }) => s.metric)).toEqual(Array(7).fill('sleep_score'));
  const series = await call(mock, 'listTimeseries', { ...key, pathParams: user, query: { metric: 'respiratory_rate', start_date: second, end_date: second, per_page: 100 } });
  expect(series.json.data).toHaveLength(24);
  expect(series.json.data.every((p: { unit: string }) => p.unit === 'breaths/min')).toBe(true);
  expectError(await call(mock, 'listSleep', { ...key, pathParams: user, query: { start_date: fourth, end_date: second } }), 400, 'invalid_request');
  const old = await call(mock, 'listWorkouts', { ...key, pathParams: user, query: { start_date: '2001-01-01', end_date: '2001-01-31' } });
  expect(old.json).toEqual({ data: [], meta: { page: 1, per_page: 20, total: 0 } });
});

test('past the rate limit a credential gets 429 rate_limited with Retry-After, per credential, until the window ends', async ({ mock }) => {
  await control(mock, 'setRateLimit', { limit: 2, windowSeconds: 60 });
  const userId = firstUser(mock);
  const { token } = await userToken(mock, userId);
  await call(mock, 'listUsers', key);
  const limited = await call(mock, 'listUsers', key);
  expectError(limited, 429, 'rate_limited');
  expect(limited.headers.get('retry-after')).toBe('60');
  expect(limited.json.details.retry_after).toBe(60);
  expect((await call(mock, 'listScores', { token, pathParams: { user_id: userId } })).status).toBe(200);
  mock.clock.advance(60);
  expect((await call(mock, 'listUsers', key)).status).toBe(200);
});
