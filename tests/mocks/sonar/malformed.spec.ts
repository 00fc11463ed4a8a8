/** Malformed input to the Sonar mock is answered in the provider's error shape, never with a 5xx. */
import { expect, test } from './fixtures';
import { call, expectError, firstUser, HANDSHAKE_BODY, mobileToken, SANDBOX_KEY, type Sonar } from './helpers';

const json = { 'content-type': 'application/json' };

test('malformed JSON bodies, wrong types and missing fields are 400 invalid_request', async ({ mock }) => {
  const bodies = ['{"user_id": "usr_', '[]', 'null', '{"user_id": 42}', '{}', '{"user_id": "not-a-user-id"}'];
  for (const body of bodies) {
    expectError(await call(mock, 'createUserToken', { token: SANDBOX_KEY, headers: json, body }), 400, 'invalid_request');
  }
  expectError(await call(mock, 'createUser', { token: SANDBOX_KEY, headers: json, body: '{"reference_id": ""}' }), 400, 'invalid_request');
  expectError(await call(mock, 'createUser', { token: SANDBOX_KEY, headers: json, body: '{"reference_id": "x", "timezone": 7}' }), 400, 'invalid_request');
  expectError(await call(mock, 'createMobileToken', { token: SANDBOX_KEY, json: { user_id: firstUser(mock), scopes: [] } }), 400, 'invalid_request');
  expectError(await call(mock, 'createDevice', { token: SANDBOX_KEY, pathParams: { user_id: firstUser(mock) }, json: { provider: 'tamagotchi' } }), 400, 'invalid_request');
});

test('a body of another media type, an empty body and an oversized body are 400 invalid_request', async ({ mock }) => {
  const body = JSON.stringify({ reference_id: 'media-1' });
  expectError(await call(mock, 'createUser', { token: SANDBOX_KEY, headers: { 'content-type': 'text/plain' }, body }), 400, 'invalid_request');
  expectError(await call(mock, 'createUser', { token: SANDBOX_KEY, headers: json }), 400, 'invalid_request');
  const huge = JSON.stringify({ reference_id: 'x'.repeat(1_100_000) });
  expectError(await call(mock, 'createUser', { token: SANDBOX_KEY, headers: json, body: huge }), 400, 'invalid_request');
});

test('malformed query and path values are 400 invalid_request', async ({ mock }) => {
  const user = { user_id: firstUser(mock) };
  const queries: [string, string][] = [
    ['listUsers', 'page=first'],
    ['listUsers', 'per_page=1.5'],
    ['listScores', 'metrics=happiness'],
    ['listScores', 'start_date=2025-02-30'],
    ['listDailyMetrics', 'end_date=15/01/2025'],
    ['listTimeseries', ''],
    ['listTimeseries', 'metric=blood_sugar'],
    ['listEvents', 'limit=0'],
    ['listEvents', 'cursor='],
  ];
  for (const [operationId, query] of queries) {
    const pathParams = operationId === 'listUsers' || operationId === 'listEvents' ? {} : user;
    expectError(await call(mock, operationId, { token: SANDBOX_KEY, pathParams, query }), 400, 'invalid_request');
  }
  expectError(await call(mock, 'getUser', { token: SANDBOX_KEY, pathParams: { user_id: 'user-42' } }), 400, 'invalid_request');
  expectError(await call(mock, 'deleteWebhook', { token: SANDBOX_KEY, pathParams: { webhook_id: 'hook 1' } }), 400, 'invalid_request');
});

test('a malformed handshake body is 400 and does not spend the mobile token', async ({ mock }) => {
  const { token } = await mobileToken(mock, firstUser(mock), ['sleep']);
  expectError(await call(mock, 'sdkHandshake', { token, json: { platform: 'windows_phone', sdk_version: '1.0.0' } }), 400, 'invalid_request');
  expectError(await call(mock, 'sdkHandshake', { token, json: { platform: 'ios', sdk_version: 'latest' } }), 400, 'invalid_request');
  expect((await call(mock, 'sdkHandshake', { token, json: HANDSHAKE_BODY })).status).toBe(200);
});

test('odd Authorization headers are 401 invalid_token', async ({ mock }) => {
  for (const authorization of ['Bearer', 'Bearer  ', `Token ${SANDBOX_KEY}`, `Bearer ${SANDBOX_KEY} extra`, SANDBOX_KEY]) {
    expectError(await call(mock, 'listUsers', { headers: { authorization } }), 401, 'invalid_token');
  }
  expect((await call(mock, 'listUsers', { headers: { authorization: `bearer ${SANDBOX_KEY}` } })).status).toBe(200);
});

test('an unknown path and a wrong method are answered in the error shape, not with a 5xx', async ({ mock }) => {
  const unknown = await fetch(`${mock.baseUrl}/users/${firstUser(mock)}/moods`, { headers: { authorization: `Bearer ${SANDBOX_KEY}` } });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: 'not_found', details: { location: expect.stringMatching(/^\/v1\/users\//) } });
  const wrongMethod = await fetch(`${mock.baseUrl}/events`, { method: 'DELETE', headers: { authorization: `Bearer ${SANDBOX_KEY}` } });
  expect(wrongMethod.status).toBe(405);
  expect(await wrongMethod.json()).toMatchObject({ error: 'method_not_allowed', message: expect.any(String), details: expect.any(Object) });
});
