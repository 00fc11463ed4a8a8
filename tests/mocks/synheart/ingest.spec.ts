/** Signed server-to-server ingestion on the Synheart mock (SYN-ING-1, SYN-ING-2, SYN-ING-3) and what it stores. */
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { call, control, expectApiError, ingest, ingestBody, KEY, keyOf, nowSeconds, ORG, RESEARCH_APP, signedHeaders, snapshot, WELLNESS_APP, withKey, type Synheart } from './helpers';

test('a signed batch is accepted, and its snapshots can be read back as ingested', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const single = ingestBody(mock, key);
  const one = await ingest(mock, key, single);
  expect(one.status, one.text).toBe(200);
  expect(one.json).toEqual({ status: 'accepted', snapshot_id: expect.any(String), timestamp: expect.any(Number) });
  expect(Math.abs(one.json.timestamp - nowSeconds(mock))).toBeLessThanOrEqual(1);
  const stored = await call(mock, 'getSnapshot', { headers: withKey(key), pathParams: { snapshot_id: one.json.snapshot_id } });
  expect(stored.json).toMatchObject({ app_id: WELLNESS_APP, user_id: 'user-ingest-0001', snapshot: (single.snapshots as unknown[])[0] });
  expect(stored.json.metadata).toEqual({ sdk_version: '0.4.2', platform: 'android', capability_level: 'extended' });

  const batch = await ingest(mock, key, ingestBody(mock, key, { user_id: 'user-batch', snapshots: [snapshot(mock, 30), snapshot(mock, 20), snapshot(mock, 10)] }));
  expect(batch.status).toBe(200);
  expect(batch.json.snapshot_id, 'a batch names no single id').toBeUndefined();
  const listed = await call(mock, 'listSnapshots', { headers: withKey(key), query: { user_id: 'user-batch' } });
  expect(listed.json.snapshots).toHaveLength(3);
});

test('SYN-ING-1 an app not on the ingestion allowlist gets 403 with the documented message', async ({ mock }) => {
  const research = keyOf(mock, KEY.research);
  const res = await ingest(mock, research);
  expectApiError(res, 403, 'app_not_verified');
  expect(res.json.message).toBe(`App ${RESEARCH_APP} is not verified for data ingestion.`);

  await control(mock, 'allowApp', { app_id: RESEARCH_APP });
  expect((await ingest(mock, research)).status, 'allowlisted, it ingests').toBe(200);

  await control(mock, 'disallowApp', { app_id: WELLNESS_APP });
  const main = await ingest(mock, keyOf(mock, KEY.main));
  expectApiError(main, 403, 'app_not_verified');
  expect(main.json.message).toBe(`App ${WELLNESS_APP} is not verified for data ingestion.`);
  expect((await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.main)) })).status, 'the allowlist gates ingestion only').toBe(200);
});

test('SYN-ING-2 a body whose app_id is not the key\'s app is refused with 403 and nothing is stored', async ({ mock }) => {
  await control(mock, 'setAllowlist', { app_ids: [WELLNESS_APP, RESEARCH_APP] });
  const key = keyOf(mock, KEY.main);
  const before = mock.state().snapshots.size;
  const res = await ingest(mock, key, ingestBody(mock, key, { app_id: RESEARCH_APP }));
  expectApiError(res, 403, 'app_id_mismatch');
  expect(mock.state().snapshots.size).toBe(before);
});

test('an org_id in metadata that is not the key\'s organization is 403 invalid_tenant', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const body = ingestBody(mock, key, { metadata: { sdk_version: '0.4.2', platform: 'ios', capability_level: 'core', org_id: 'org_mock_0009' } });
  expectApiError(await ingest(mock, key, body), 403, 'invalid_tenant');
  const own = ingestBody(mock, key, { metadata: { sdk_version: '0.4.2', platform: 'ios', capability_level: 'core', org_id: ORG } });
  expect((await ingest(mock, key, own)).status).toBe(200);
});

test('SYN-ING-3 a bad signature, a stale timestamp or a replayed nonce is refused with 401', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  expectApiError(await ingest(mock, key, undefined, { secret: 'syn_ss_mock_not_the_signing_secret' }), 401, 'invalid_signature');
  expectApiError(await ingest(mock, key, undefined, { secret: keyOf(mock, KEY.mainDevelopment).signingSecret }), 401, 'invalid_signature');

  const text = JSON.stringify(ingestBody(mock, key));
  const tampered = text.replace('user-ingest-0001', 'user-ingest-0002');
  expectApiError(await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, text), body: tampered }), 401, 'invalid_signature');

  // The clock runs in real time: two seconds of margin keep the second boundaries out of the answers.
  expectApiError(await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) - 302 }), 401, 'stale_timestamp');
  expectApiError(await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) + 302 }), 401, 'stale_timestamp');
  expect((await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) - 298 })).status, 'inside the window').toBe(200);
  expect((await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) + 298 })).status, 'a clock ahead is tolerated too').toBe(200);

  const nonce = randomUUID();
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
  expectApiError(await ingest(mock, key, undefined, { nonce }), 401, 'replayed_nonce');
  const replay = signedHeaders(mock, key, text);
  expect((await call(mock, 'ingestSnapshots', { headers: replay, body: text })).status).toBe(200);
  expectApiError(await call(mock, 'ingestSnapshots', { headers: replay, body: text }), 401, 'replayed_nonce');
});

test('a nonce is remembered for the timestamp window and may be used again after it', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const nonce = randomUUID();
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
  mock.clock.advance(299);
  expectApiError(await ingest(mock, key, undefined, { nonce }), 401, 'replayed_nonce');
  mock.clock.advance(2);
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
});

test('missing or malformed signature headers are a 400, not a 401, and a refused request stores nothing', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const text = JSON.stringify(ingestBody(mock, key));
  const headers = signedHeaders(mock, key, text);
  const before = mock.state().snapshots.size;
  for (const name of ['x-synheart-signature', 'x-synheart-timestamp', 'x-synheart-nonce']) {
    const without = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
    expectApiError(await call(mock, 'ingestSnapshots', { headers: without, body: text }), 400, 'schema_validation_failed');
  }
  expectApiError(await call(mock, 'ingestSnapshots', { headers: { ...headers, 'x-synheart-signature': 'not-hex' }, body: text }), 400, 'schema_validation_failed');
  expectApiError(await call(mock, 'ingestSnapshots', { headers: { ...headers, 'x-synheart-timestamp': 'yesterday' }, body: text }), 400, 'schema_validation_failed');
  expect(mock.state().snapshots.size).toBe(before);
});

test('snapshots that break HSI rules are 400 schema_validation_failed', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const backwards = { ...snapshot(mock), computed_at_utc: '2020-01-01T00:00:00Z' };
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [backwards] })), 400, 'schema_validation_failed');
  const oldVersion = { ...snapshot(mock), hsi_version: '1.0' };
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [oldVersion] })), 400, 'schema_validation_failed');
  const noMeta = Object.fromEntries(Object.entries(snapshot(mock)).filter(([k]) => k !== 'meta'));
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [noMeta] })), 400, 'schema_validation_failed');
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [] })), 400, 'schema_validation_failed');
  const noAppId = Object.fromEntries(Object.entries(ingestBody(mock, key)).filter(([k]) => k !== 'app_id'));
  expectApiError(await ingest(mock, key, noAppId), 400, 'schema_validation_failed');
});
