/** What a user token may do on the mock: read its own user's data, nothing of other users, nothing else. */
import { expect, test } from './fixtures';
import { call, expectError, SANDBOX_KEY, userIds, userToken } from './helpers';

/** The six reads a user token may make, with the query each needs. */
const OWN_READS: [string, Record<string, string>][] = [
  ['listScores', {}],
  ['listDailyMetrics', {}],
  ['listSleep', {}],
  ['listWorkouts', {}],
  ['listTimeseries', { metric: 'steps' }],
  ['listDevices', {}],
];

test('SON-SCP-1 a user token reads its own user\'s scores, daily, sleep, workouts, timeseries and devices', async ({ mock }) => {
  const [userId] = userIds(mock);
  const { token } = await userToken(mock, userId!);
  for (const [operationId, query] of OWN_READS) {
    const res = await call(mock, operationId, { token, pathParams: { user_id: userId! }, query });
    expect(res.status, `${operationId}: ${res.text}`).toBe(200);
    expect(res.json.data.length, operationId).toBeGreaterThan(0);
    const withKey = await call(mock, operationId, { token: SANDBOX_KEY, pathParams: { user_id: userId! }, query });
    expect(res.json, `${operationId} reads what the API key reads`).toEqual(withKey.json);
  }
});

test('SON-SCP-2 a user token on another user\'s data is 403 wrong_user', async ({ mock }) => {
  const [own, other] = userIds(mock);
  const { token } = await userToken(mock, own!);
  for (const [operationId, query] of OWN_READS) {
    const res = await call(mock, operationId, { token, pathParams: { user_id: other! }, query });
    expectError(res, 403, 'wrong_user');
    expect(res.json.message).toBe(`This token can only access data for user ${own}.`);
  }
  expectError(await call(mock, 'listScores', { token, pathParams: { user_id: 'usr_mock_unknown' } }), 403, 'wrong_user');
});

test('SON-SCP-3 a user token creating or deleting users, managing webhooks or minting tokens is 403 insufficient_scope', async ({ mock }) => {
  const [userId] = userIds(mock);
  const { token } = await userToken(mock, userId!);
  const attempts: [string, Parameters<typeof call>[2]][] = [
    ['createUser', { json: { reference_id: 'scp-3' } }],
    ['deleteUser', { pathParams: { user_id: userId! } }],
    ['listWebhooks', {}],
    ['createWebhook', { json: { url: 'https://example.com/hook', events: ['score.updated'] } }],
    ['updateWebhook', { pathParams: { webhook_id: 'whk_mock_0001' }, json: { status: 'disabled' } }],
    ['deleteWebhook', { pathParams: { webhook_id: 'whk_mock_0001' } }],
    ['createUserToken', { json: { user_id: userId } }],
    ['refreshUserToken', { json: { user_id: userId } }],
    ['createMobileToken', { json: { user_id: userId } }],
  ];
  for (const [operationId, opts] of attempts) expectError(await call(mock, operationId, { ...opts, token }), 403, 'insufficient_scope');
  expect((await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: userId! } })).status).toBe(200);
  expect((await call(mock, 'listWebhooks', { token: SANDBOX_KEY })).json.data).toHaveLength(1);
});

test('a user token may not read the user resource, list users, read events or change devices (read-only, data reads only)', async ({ mock }) => {
  const [userId] = userIds(mock);
  const { token } = await userToken(mock, userId!);
  const user = { user_id: userId! };
  expectError(await call(mock, 'getUser', { token, pathParams: user }), 403, 'insufficient_scope');
  expectError(await call(mock, 'listUsers', { token }), 403, 'insufficient_scope');
  expectError(await call(mock, 'updateUser', { token, pathParams: user, json: { timezone: 'UTC' } }), 403, 'insufficient_scope');
  expectError(await call(mock, 'listEvents', { token }), 403, 'insufficient_scope');
  expectError(await call(mock, 'createDevice', { token, pathParams: user, json: { provider: 'garmin' } }), 403, 'insufficient_scope');
  const device = mock.state().users.get(userId!)!.devices[0]!.id;
  expectError(await call(mock, 'deleteDevice', { token, pathParams: { ...user, device_id: device } }), 403, 'insufficient_scope');
});
