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
  const res = await call(mock, 'listDailyMetrics', { token: SANDBOX_KEY, pathParams: { user_id: firstUser(mock) }, query: 'metrics=steps,naps&start_date=yesterday' });
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

test('SON-PAGE-1 every paged list returns meta, with a user token too', async ({ mock }) => {
  const userId = firstUser(mock);
  const { token } = await userToken(mock, userId);
  const lists: [string, string, Record<string, string>][] = [
    ['listUsers', SANDBOX_KEY, {}],
    ['listWebhooks', SANDBOX_KEY, {}],
    ['listDevices', token, { user_id: userId }],
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

test('the event feed pages with a cursor that stays valid after the last page', async ({ mock }) => {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const res = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: cursor ? { cursor, limit: 4 } : { limit: 4 } });
    expect(res.status, res.text).toBe(200);
    seen.push(...res.json.events.map((e: { id: string }) => e.id));
    cursor = res.json.cursor;
    if (!res.json.has_more) break;
  }
  expect(seen).toHaveLength(new Set(seen).size);
  expect(seen).toHaveLength(9);
  const empty = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: cursor! } });
  expect(empty.json).toEqual({ events: [], cursor, has_more: false });
  const created = await call(mock, 'createUser', { token: SANDBOX_KEY, json: { reference_id: 'events-later' } });
  const later = await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: cursor! } });
  expect(later.json.events.map((e: { type: string; user_id: string }) => [e.type, e.user_id])).toEqual([
    ['device.connected', created.json.data.id],
    ['data.updated', created.json.data.id],
    ['score.updated', created.json.data.id],
  ]);
  expectError(await call(mock, 'listEvents', { token: LIVE_KEY, query: { cursor: cursor! } }), 400, 'invalid_request');
  expectError(await call(mock, 'listEvents', { token: SANDBOX_KEY, query: { cursor: 'evc_other' } }), 400, 'invalid_request');
});
