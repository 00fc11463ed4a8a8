/** Signed server-to-server ingestion on the Synheart mock (SYN-ING-1, SYN-ING-2, SYN-ING-3) and what it stores. */
import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';
import { call, control, expectApiError, ingest, ingestBody, KEY, keyOf, nowSeconds, ORG, RESEARCH_APP, sdkBody, signedHeaders, snapshot, WELLNESS_APP, withKey, type Synheart } from './helpers';

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

test('SYN-ING-2 the core SDK\'s body (no app_id, platform flutter, org_id null, wrappers around HSI 1.0) is accepted for the key\'s app and read back as sent', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const body = sdkBody(mock);
  const res = await ingest(mock, key, body);
  expect(res.status, res.text).toBe(200);
  expect(res.json).toEqual({ status: 'accepted', snapshot_id: expect.stringMatching(/^hsi_snapshot_mock_[0-9a-f]{16}$/), timestamp: expect.any(Number) });
  const stored = await call(mock, 'getSnapshot', { headers: withKey(key), pathParams: { snapshot_id: res.json.snapshot_id } });
  expect(stored.json).toMatchObject({ app_id: WELLNESS_APP, user_id: 'anon_user_fake_0001', snapshot: (body.snapshots as unknown[])[0] });
  expect(stored.json.metadata).toEqual({ sdk_version: '1.0.0', platform: 'flutter', capability_level: 'core' });
  const hsi = (body.snapshots as { hsi: { observed_at_utc: string } }[])[0]!.hsi;
  const listed = await call(mock, 'listSnapshots', { headers: withKey(key), query: { user_id: 'anon_user_fake_0001', since: hsi.observed_at_utc } });
  expect(listed.json.snapshots.map((s: { snapshot_id: string }) => s.snapshot_id), 'listed by the observed_at_utc inside hsi').toEqual([res.json.snapshot_id]);
});

test('a wrapper whose HSI 1.0 export breaks HSI rules is 400, with the field named', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const backwards = sdkBody(mock);
  (backwards.snapshots as { hsi: Record<string, unknown> }[])[0]!.hsi.computed_at_utc = '2020-01-01T00:00:00.000Z';
  const res = await ingest(mock, key, backwards);
  expectApiError(res, 400, 'schema_validation_failed');
  expect(res.json.message).toBe('body.snapshots[0]: hsi.computed_at_utc is before hsi.observed_at_utc.');
  const unknownField = sdkBody(mock);
  (unknownField.snapshots as { hsi: Record<string, unknown> }[])[0]!.hsi.source_tier = 2;
  expectApiError(await ingest(mock, key, unknownField), 400, 'schema_validation_failed');
  const noFocus = sdkBody(mock);
  delete (noFocus.snapshots as Record<string, unknown>[])[0]!.focus;
  expectApiError(await ingest(mock, key, noFocus), 400, 'schema_validation_failed');
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

test('an org_id in metadata that is not the key\'s organization is 403 invalid_tenant; a null org_id is not checked', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const body = ingestBody(mock, key, { metadata: { sdk_version: '0.4.2', platform: 'ios', capability_level: 'core', org_id: 'org_mock_0009' } });
  expectApiError(await ingest(mock, key, body), 403, 'invalid_tenant');
  const own = ingestBody(mock, key, { metadata: { sdk_version: '0.4.2', platform: 'ios', capability_level: 'core', org_id: ORG } });
  expect((await ingest(mock, key, own)).status).toBe(200);
  const none = ingestBody(mock, key, { metadata: { sdk_version: '1.0.0', platform: 'flutter', capability_level: 'core', org_id: null } });
  expect((await ingest(mock, key, none)).status).toBe(200);
});

test('SYN-ING-3 a bad signature, a stale timestamp or a replayed nonce is refused with 401', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  expectApiError(await ingest(mock, key, undefined, { secret: 'syn_ss_mock_not_the_signing_secret' }), 401, 'invalid_signature');
  expectApiError(await ingest(mock, key, undefined, { secret: keyOf(mock, KEY.mainDevelopment).signingSecret }), 401, 'invalid_signature');

  const text = JSON.stringify(ingestBody(mock, key));
  const tampered = text.replace('user-ingest-0001', 'user-ingest-0002');
  expectApiError(await call(mock, 'ingestSnapshots', { headers: signedHeaders(mock, key, text), body: tampered }), 401, 'invalid_signature');

  // The clock runs in real time: two seconds of margin keep the second boundaries out of the answers.
  expectApiError(await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) - 302 }), 401, 'invalid_nonce');
  expectApiError(await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) + 302 }), 401, 'invalid_nonce');
  expect((await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) - 298 })).status, 'inside the window').toBe(200);
  expect((await ingest(mock, key, undefined, { timestamp: nowSeconds(mock) + 298 })).status, 'a clock ahead is tolerated too').toBe(200);

  const nonce = randomUUID();
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
  expectApiError(await ingest(mock, key, undefined, { nonce }), 401, 'invalid_nonce');
  const replay = signedHeaders(mock, key, text);
  expect((await call(mock, 'ingestSnapshots', { headers: replay, body: text })).status).toBe(200);
  expectApiError(await call(mock, 'ingestSnapshots', { headers: replay, body: text }), 401, 'invalid_nonce');
});

test('a nonce is remembered 600 seconds, twice the timestamp window, and may be used again after that', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const nonce = randomUUID();
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
  mock.clock.advance(599);
  expectApiError(await ingest(mock, key, undefined, { nonce }), 401, 'invalid_nonce');
  mock.clock.advance(2);
  expect((await ingest(mock, key, undefined, { nonce })).status).toBe(200);
});

test('a request signed 250 s ahead cannot be replayed 400 s later, while its timestamp is still in the window', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const text = JSON.stringify(ingestBody(mock, key));
  const headers = signedHeaders(mock, key, text, { timestamp: nowSeconds(mock) + 250 });
  expect((await call(mock, 'ingestSnapshots', { headers, body: text })).status).toBe(200);
  mock.clock.advance(400);
  const replay = await call(mock, 'ingestSnapshots', { headers, body: text });
  expectApiError(replay, 401, 'invalid_nonce');
  expect(replay.json.message).toBe('The X-Synheart-Nonce was already used within the last 600 seconds.');
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
  const extraRoot = { ...snapshot(mock), source: 'not in HSI 1.3' };
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [extraRoot] })), 400, 'schema_validation_failed');
  const multimodal = snapshot(mock);
  multimodal.axes = { cognitive: [(snapshot(mock).axes as { physiological: unknown[] }).physiological[0]] };
  expectApiError(await ingest(mock, key, ingestBody(mock, key, { snapshots: [multimodal] })), 400, 'schema_validation_failed');
});

test('a bare HSI 1.3 body without app_id is accepted for the key\'s app (app_id is checked only when present)', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  const noAppId = Object.fromEntries(Object.entries(ingestBody(mock, key)).filter(([k]) => k !== 'app_id'));
  const res = await ingest(mock, key, noAppId);
  expect(res.status, res.text).toBe(200);
  expect((await call(mock, 'getSnapshot', { headers: withKey(key), pathParams: { snapshot_id: res.json.snapshot_id } })).json.app_id).toBe(WELLNESS_APP);
});
