/** Malformed input to the Sahha mock is answered in Sahha's error shape, never with a 5xx. */
import { expect, test } from './fixtures';
import { accountToken, asAccount, asProfile, call, expectErrorShape, profileToken, SAMPLE, type Sahha } from './helpers';

test('malformed JSON, a wrong content type and a wrong body type are 400 in the error shape', async ({ mock, sandbox }) => {
  const cases = [
    { body: '{"clientId": "mock-', headers: { 'content-type': 'application/json' } },
    { body: 'clientId=mock&clientSecret=mock', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { body: '["mock-sandbox-client"]', headers: { 'content-type': 'application/json' } },
    { body: '', headers: { 'content-type': 'application/json' } },
    { body: '{"clientId": 42, "clientSecret": true}', headers: { 'content-type': 'application/json' } },
  ];
  for (const c of cases) expectErrorShape(await call(mock, 'getAccountToken', c), 400);
});

test('an oversized body is rejected in the error shape, not with a 5xx', async ({ mock }) => {
  const grant = await profileToken(mock, SAMPLE);
  const res = await call(mock, 'postDataLogs', { headers: { ...asProfile(grant.profileToken), 'content-type': 'application/json' }, body: `[${'"x",'.repeat(400_000)}"x"]` });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.json).toMatchObject({ statusCode: res.status, errors: expect.any(Array) });
});

test('malformed query and path values are 400 in the error shape', async ({ mock }) => {
  const headers = asAccount(await accountToken(mock));
  const sample = { pathParams: { externalId: SAMPLE } };
  const queries = ['startDateTime=2024-13-45T99:00:00Z', 'endDateTime=', 'version=latest', 'types=', 'periodicity=hourly', 'categories=activity,,mood'];
  for (const query of queries) {
    const res = await call(mock, 'getBiomarkersByExternalId', { ...sample, headers, query });
    expect(res.status, query).toBeLessThan(500);
    if (res.status >= 400) expectErrorShape(res, 400);
  }
  for (const query of ['currentPage=0', 'pageSize=abc', 'pageSize=101']) expectErrorShape(await call(mock, 'searchProfiles', { headers, query }), 400);
  expectErrorShape(await call(mock, 'getProfileByExternalId', { pathParams: { externalId: 'x'.repeat(101) }, headers }), 400);
  expectErrorShape(await call(mock, 'registerProfile', { headers, json: { externalId: '' } }), 400);
  expectErrorShape(await call(mock, 'deleteProfiles', { headers, json: { externalIds: [] } }), 400);
  expectErrorShape(await call(mock, 'getProfileToken', { headers, json: { externalId: SAMPLE, lifetime: 10 } }), 400);
});

test('an unknown path and a wrong method are answered in the error shape, not with a 5xx', async ({ mock }) => {
  const unknown = await fetch(`${mock.baseUrl}/profile/no-such-thing`);
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ statusCode: 404, errors: expect.any(Array) });
  const wrongMethod = await fetch(`${mock.baseUrl}/oauth/account/token`, { method: 'GET' });
  expect(wrongMethod.status).toBe(405);
  expect(await wrongMethod.json()).toMatchObject({ statusCode: 405, errors: expect.any(Array) });
});
