/** Malformed input to the Synheart mock is answered in the provider's error shapes, never with a 5xx. */
import { expect, test } from './fixtures';
import { call, expectApiError, expectOAuthError, ingestBody, KEY, keyOf, paddedBody, signedHeaders, WELLNESS_APP, withKey, type Synheart } from './helpers';

test('malformed ingestion bodies are 400 schema_validation_failed, signed or not', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const bodies = ['{"user_id": "u', '[]', '', 'null', '{"user_id": 42, "app_id": true, "metadata": "x", "snapshots": {}}'];
  for (const text of bodies) {
    const res = await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, text), body: text });
    expectApiError(res, 400, 'schema_validation_failed');
  }
  const valid = JSON.stringify(ingestBody(mock, key));
  const wrongType = await call(mock, 'ingestSnapshots', { headers: { ...signedHeaders(mock, key, valid), 'content-type': 'text/plain' }, body: valid });
  expectApiError(wrongType, 400, 'schema_validation_failed');
});

test('an oversized ingestion body is 413 payload_too_large in the error shape', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const text = JSON.stringify(ingestBody(mock, key, { user_id: 'x'.repeat(1_100_000) }));
  expectApiError(await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, text), body: text }), 413, 'payload_too_large');
});

test('the 1 MB request size limit of the protocol: a valid body of 1,000,001 bytes is 413, one of 1,000,000 bytes is accepted, and the limit comes before the key', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const over = paddedBody(mock, key, 1_000_001);
  expect(Buffer.byteLength(over)).toBe(1_000_001);
  const res = await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, over), body: over });
  expectApiError(res, 413, 'payload_too_large');
  expect(res.json.message).toBe('The request body is 1000001 bytes; the limit is 1000000 bytes.');
  expectApiError(await call(mock, 'ingestSnapshots', { headers: { ...signedHeaders(mock, key, over), 'x-api-key': 'mock-malformed-credential' }, body: over }), 413, 'payload_too_large');
  const at = paddedBody(mock, key, 1_000_000);
  expect((await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, at), body: at })).status).toBe(200);
});

test('malformed query and path values are 400 in the error shape', async ({ mock }) => {
  const headers = withKey(keyOf(mock, KEY.readOnly));
  for (const query of ['limit=0', 'limit=101', 'limit=ten', 'since=yesterday', 'until=2026-13-45T00:00:00Z', 'cursor=']) {
    expectApiError(await call(mock, 'listSnapshots', { headers, query }), 400, 'schema_validation_failed');
  }
  expectApiError(await call(mock, 'getSnapshot', { headers, pathParams: { snapshot_id: '-not-a-snapshot-id' } }), 400, 'schema_validation_failed');
  expectApiError(await call(mock, 'listConsentProfiles', { headers, pathParams: { app_id: WELLNESS_APP }, query: 'active_only=maybe' }), 400, 'schema_validation_failed');
  expectApiError(await call(mock, 'listConsentProfiles', { headers, pathParams: { app_id: 'app with spaces' } }), 400, 'schema_validation_failed');
});

test('malformed OAuth requests are RFC 6749 errors, not the API error shape', async ({ mock }) => {
  expectOAuthError(await call(mock, 'requestDeviceCode', { headers: { 'content-type': 'application/json' }, body: '{"client_id": ' }), 'invalid_request');
  expectOAuthError(await call(mock, 'requestDeviceCode', { json: { client_id: 42 } }), 'invalid_request');
  expectOAuthError(await call(mock, 'exchangeDeviceCode', { json: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code' } }), 'invalid_request');
});

test('an unknown path and a wrong method are answered in the error shape, not with a 5xx', async ({ mock }) => {
  const unknown = await fetch(`${mock.baseUrl}/v2/hsi/no-such-thing`, { headers: withKey(keyOf(mock, KEY.main)) });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ status: 'error', code: 'not_found' });
  const wrongMethod = await fetch(`${mock.baseUrl}/v2/hsi/ingest`, { method: 'GET' });
  expect(wrongMethod.status).toBe(405);
  expect(await wrongMethod.json()).toMatchObject({ status: 'error', code: 'method_not_allowed' });
});
