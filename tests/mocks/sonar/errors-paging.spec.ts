/** Sonar's error body, unknown users and paging on the mock. */
import { expect, test } from './fixtures';
import { call, errorProblems, expectError, firstUser, LIVE_KEY, mobileToken, SANDBOX_KEY, UNKNOWN_USER, userIds, userToken, type Answer, type Sonar } from './helpers';

test('SON-ERR-1 every error body is {error, message, details} with the documented code for its status', async ({ mock }) => {
  const [own, other] = userIds(mock);
  const user = await userToken(mock, own!);
  const mobile = await mobileToken(mock, own!, ['sleep']);
  const answers: Answer[] = [
    await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { per_page: 101 } }),
    await call(mock, 'createUser', { token: SANDBOX_KEY, json: { timezone: 'UTC' } }),
    await call(mock, 'listUsers'),
    await call(mock, 'listUsers', { headers: { authorization: 'Basic bW9jazptb2Nr' } }),
    await call(mock, 'listScores', { token: mobile.token, pathParams: { user_id: own! } }),
    await call(mock, 'listScores', { token: user.token, pathParams: { user_id: other! } }),
    await call(mock, 'createUser', { token: user.token, json: { reference_id: 'err-1' } }),
    await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: UNKNOWN_USER } }),
    await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'sandbox-customer-0001' } }),
  ];
  expect(answers.map((a) => `${a.status} ${a.json?.error}`)).toEqual([
    '400 invalid_request',
    '400 invalid_request',
    '401 invalid_token',
    '401 invalid_token',
    '401 invalid_token',
    '403 wrong_user',
    '403 insufficient_scope',
    '404 not_found',
    '409 conflict',
  ]);
  for (const a of answers) {
    expect(errorProblems(a), `${a.operationId} ${a.status}`).toEqual([]);
    expect(Object.keys(a.json).sort()).toEqual(['details', 'error', 'message']);
    expect(a.json.message.length).toBeGreaterThan(10);
  }
  expect(answers[0]!.json.details).toMatchObject({ location: '/v1/users', origin: 'query.per_page' });
  expect(answers[2]!.json.details).toEqual({});
});

test('SON-ERR-1 a 400 lists every value at fault in details.errors', async ({ mock }) => {
  const res = await call(mock, 'listDailyMetrics', { token: SANDBOX_KEY, pathParams: { user_id: firstUser(mock) }, query: 'metrics=steps,Naps!&start_date=yesterday' });
  expectError(res, 400, 'invalid_request');
  const origins = res.json.details.errors.map((e: { origin: string }) => e.origin);
  expect(origins).toEqual(expect.arrayContaining(['query.start_date']));
  expect(origins.some((o: string) => o.startsWith('query.metrics'))).toBe(true);
});

test('SON-ERR-2 an unknown user is 404 not_found on every operation that names a user', async ({ mock }) => {
  const user = { user_id: UNKNOWN_USER };
  const attempts: [string, Parameters<typeof call>[2]][] = [
    ['getUser', { pathParams: user }],
    ['updateUser', { pathParams: user, json: { timezone: 'UTC' } }],
    ['deleteUser', { pathParams: user }],
    ['listScores', { pathParams: user }],
    ['listDailyMetrics', { pathParams: user }],
    ['listSleep', { pathParams: user }],
    ['listWorkouts', { pathParams: user }],
    ['listTimeseries', { pathParams: user, query: { metric: 'spo2' } }],
    ['listDevices', { pathParams: user }],
    ['createDevice', { pathParams: user, json: { provider: 'oura' } }],
    ['deleteDevice', { pathParams: { ...user, device_id: 'dev_mock_unknown' } }],
    ['createUserToken', { json: user }],
    ['refreshUserToken', { json: user }],
    ['createMobileToken', { json: user }],
  ];
  for (const [operationId, opts] of attempts) expectError(await call(mock, operationId, { ...opts, token: SANDBOX_KEY }), 404, 'not_found');
});

test('SON-ERR-2 a deleted user is not found from then on', async ({ mock }) => {
  const userId = firstUser(mock);
  const deleted = await call(mock, 'deleteUser', { token: SANDBOX_KEY, pathParams: { user_id: userId } });
  expect(deleted.status).toBe(200);
  expect(deleted.json.data).toMatchObject({ id: userId, status: 'deleted' });
  expectError(await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: userId } }), 404, 'not_found');
  expectError(await call(mock, 'deleteUser', { token: SANDBOX_KEY, pathParams: { user_id: userId } }), 404, 'not_found');
  expect((await call(mock, 'listUsers', { token: SANDBOX_KEY })).json.data.map((u: { id: string }) => u.id)).not.toContain(userId);
});

test('SON-PAGE-1 list endpoints page with page and per_page and return meta {page, per_page, total}', async ({ mock }) => {
  const all = (await call(mock, 'listUsers', { token: SANDBOX_KEY })).json;
  expect(all.meta).toEqual({ page: 1, per_page: 20, total: 3 });
  const first = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { page: 1, per_page: 2 } });
  const second = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { page: 2, per_page: 2 } });
  const past = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { page: 3, per_page: 2 } });
  expect([first, second, past].map((r) => [r.json.data.length, r.json.meta])).toEqual([
    [2, { page: 1, per_page: 2, total: 3 }],
    [1, { page: 2, per_page: 2, total: 3 }],
    [0, { page: 3, per_page: 2, total: 3 }],
  ]);
  expect([...first.json.data, ...second.json.data].map((u: { id: string }) => u.id)).toEqual(all.data.map((u: { id: string }) => u.id));
  const scores = await call(mock, 'listScores', { token: SANDBOX_KEY, pathParams: { user_id: firstUser(mock) }, query: { per_page: 100 } });
  expect(scores.json.data).toHaveLength(56);
  expect(scores.json.meta).toEqual({ page: 1, per_page: 100, total: 56 });
  for (const per_page of [0, 101, 500]) expectError(await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { per_page } }), 400, 'invalid_request');
  expectError(await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { page: 0 } }), 400, 'invalid_request');
});

test('SON-PAGE-1 every paged list returns meta, with a user token too; the device and webhook lists are not paged', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token } = await userToken(mock, userId);
  for (const [operationId, credential, pathParams] of [['listWebhooks', SANDBOX_KEY, {}], ['listDevices', token, { user_id: userId }]] as const) {
    const res = await call(mock, operationId, { token: credential, pathParams });
    expect(Object.keys(res.json), operationId).toEqual(['data']);
  }
  const lists: [string, string, Record<string, string>][] = [
    ['listUsers', SANDBOX_KEY, {}],
    ['listScores', token, { user_id: userId }],
    ['listDailyMetrics', token, { user_id: userId }],
    ['listSleep', token, { user_id: userId }],
    ['listWorkouts', token, { user_id: userId }],
  ];
  for (const [operationId, credential, pathParams] of lists) {
    const res = await call(mock, operationId, { token: credential, pathParams, query: { per_page: 1 } });
    expect(res.json.data.length, operationId).toBeLessThanOrEqual(1);
    expect(res.json.meta, operationId).toMatchObject({ page: 1, per_page: 1 });
  }
  const series = await call(mock, 'listTimeseries', { token, pathParams: { user_id: userId }, query: { metric: 'hrv_rmssd', per_page: 24, page: 7 } });
  expect(series.json.meta).toEqual({ page: 7, per_page: 24, total: 168 });
});

test('SON-PAGE-1 the users list filters by reference_id, and meta counts the matching users', async ({ mock }) => {
  const one = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { reference_id: 'sandbox-customer-0002' } });
  expect(one.json.data.map((u: { reference_id: string }) => u.reference_id)).toEqual(['sandbox-customer-0002']);
  expect(one.json.meta).toEqual({ page: 1, per_page: 20, total: 1 });
  const none = await call(mock, 'listUsers', { token: SANDBOX_KEY, query: { reference_id: 'nobody-has-this' } });
  expect(none.json).toEqual({ data: [], meta: { page: 1, per_page: 20, total: 0 } });
  const live = await call(mock, 'listUsers', { token: LIVE_KEY, query: { reference_id: 'sandbox-customer-0002' } });
  expect(live.json.meta.total, 'a sandbox user is not found with the live key').toBe(0);
});

test('the event feed pages with a cursor (the last event id) that stays valid after the last page', async ({ mock }) => {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: cursor ? { cursor, limit: 4 } : { limit: 4 } });
    expect(res.status, res.text).toBe(200);
    seen.push(...res.json.events.map((e: { event_id: string }) => e.event_id));
    expect(res.json.cursor).toBe(seen[seen.length - 1]);
    cursor = res.json.cursor;
    if (!res.json.has_more) break;
  }
  expect(seen).toHaveLength(new Set(seen).size);
  expect(seen).toHaveLength(9);
  const empty = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: cursor! } });
  expect(empty.json).toEqual({ events: [], cursor, has_more: false });
  const created = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'events-later' } });
  const later = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: cursor! } });
  const newUser = created.json.data.id;
  expect(later.json.events.map((e: { event_type: string; user_id: string }) => [e.event_type, e.user_id])).toEqual([
    ['device.connected', newUser],
    ['data.updated', newUser],
    ['score.updated', newUser],
  ]);
  const [connected, updated, scored] = later.json.events;
  expect(updated.metrics).toEqual(expect.arrayContaining(['steps', 'heart_rate_variability', 'distance']));
  expect(updated.device_id).toBe(connected.device_id);
  expect(scored.scores).toHaveLength(8);
  expect(Object.keys(scored).sort()).toEqual(['event_id', 'event_type', 'scores', 'timestamp', 'user_id']);
  expectError(await call(mock, 'listEvents', { token: LIVE_KEY, query: { cursor: cursor! } }), 400, 'invalid_request');
  expectError(await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: 'evt_mock_not_issued' } }), 400, 'invalid_request');
  expectError(await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: 'evc_other' } }), 400, 'invalid_request');
});

test('the event feed filters by user_id; the default page is 100 events', async ({ mock }) => {
  const userId = firstUser(mock);
  const mine = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { user_id: userId } });
  expect(mine.json.events.length).toBe(3);
  expect(mine.json.events.every((e: { user_id: string }) => e.user_id === userId)).toBe(true);
  expect(mine.json.cursor).toBe(mine.json.events[2].event_id);
  const nobody = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { user_id: UNKNOWN_USER } });
  expect(nobody.json).toEqual({ events: [], cursor: null, has_more: false });
  for (let i = 0; i < 40; i++) await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: `events-many-${i}` } });
  const page = await call(mock, 'listEvents', { token: SANDBOX_KEY });
  expect([page.json.events.length, page.json.has_more]).toEqual([100, true]);
});
