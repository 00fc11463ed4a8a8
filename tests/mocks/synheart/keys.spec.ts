/** Key authentication, revocation, scopes and environment tags of the Synheart mock (SYN-AUTH-*, SYN-SCP-1, SYN-ENV-1). */
import { expect, test } from './fixtures';
import { call, control, expectApiError, ingest, KEY, keyOf, WELLNESS_APP, withKey, type Synheart } from './helpers';

const consentPath = { pathParams: { app_id: WELLNESS_APP } };

test('SYN-AUTH-1 a key with only the read scope lists snapshots, reads one and lists consent profiles', async ({ mock }) => {
  const headers = withKey(keyOf(mock, KEY.readOnly));
  const list = await call(mock, 'listSnapshots', { headers, query: { limit: 5 } });
  expect(list.status, list.text).toBe(200);
  expect(list.json.snapshots).toHaveLength(5);
  expect(list.json.snapshots.every((s: { app_id: string }) => s.app_id === WELLNESS_APP)).toBe(true);
  const one = await call(mock, 'getSnapshot', { headers, pathParams: { snapshot_id: list.json.snapshots[0].snapshot_id } });
  expect(one.status).toBe(200);
  expect(one.json.snapshot_id).toBe(list.json.snapshots[0].snapshot_id);
  const profiles = await call(mock, 'listConsentProfiles', { headers, ...consentPath });
  expect(profiles.status).toBe(200);
  expect(profiles.json.profiles.map((p: { id: string }) => p.id)).toEqual(['cp_mock_standard', 'cp_mock_full']);
});

test('SYN-AUTH-2 a missing, malformed or unknown x-api-key is a 401 invalid_api_key on every key operation', async ({ mock }) => {
  const bad: Record<string, string>[] = [{}, { 'x-api-key': '' }, { 'x-api-key': 'mock-malformed-credential' }, { 'x-api-key': 'syn_sk_mock_unknownunknownunkno' }];
  for (const headers of bad) {
    expectApiError(await call(mock, 'listSnapshots', { headers }), 401, 'invalid_api_key');
    expectApiError(await call(mock, 'listConsentProfiles', { headers, ...consentPath }), 401, 'invalid_api_key');
    expectApiError(await call(mock, 'getSnapshot', { headers, pathParams: { snapshot_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } }), 401, 'invalid_api_key');
    expectApiError(await call(mock, 'deleteSnapshot', { headers, pathParams: { snapshot_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' } }), 401, 'invalid_api_key');
  }
  const main = keyOf(mock, KEY.main);
  expectApiError(await ingest(mock, { ...main, secretKey: 'mock-malformed-credential' }), 401, 'invalid_api_key');
});

test('SYN-AUTH-3 a revoked key is refused with 401 on the very next request, with no delay, and stays refused', async ({ mock }) => {
  const key = keyOf(mock, KEY.main);
  expect((await call(mock, 'listSnapshots', { headers: withKey(key) })).status).toBe(200);
  const revoked = await control(mock, 'revokeKey', { key_id: key.keyId });
  expect(revoked.revoked_at).toEqual(expect.any(String));
  expectApiError(await call(mock, 'listSnapshots', { headers: withKey(key) }), 401, 'invalid_api_key');
  expectApiError(await ingest(mock, key), 401, 'invalid_api_key');
  mock.clock.advance(3600);
  expectApiError(await call(mock, 'listConsentProfiles', { headers: withKey(key), ...consentPath }), 401, 'invalid_api_key');
  expect((await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.mainDevelopment)) })).status, 'other keys of the app keep working').toBe(200);
});

test('SYN-SCP-1 a key without write cannot ingest and a key without delete cannot delete: 403 insufficient_scope', async ({ mock }) => {
  expectApiError(await ingest(mock, keyOf(mock, KEY.readOnly)), 403, 'insufficient_scope');
  const target = (await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.readOnly)), query: { limit: 1 } })).json.snapshots[0].snapshot_id as string;
  for (const keyId of [KEY.readOnly, KEY.main, KEY.writeOnly]) {
    expectApiError(await call(mock, 'deleteSnapshot', { headers: withKey(keyOf(mock, keyId)), pathParams: { snapshot_id: target } }), 403, 'insufficient_scope');
  }
  expectApiError(await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.writeOnly)) }), 403, 'insufficient_scope');
  expect((await ingest(mock, keyOf(mock, KEY.writeOnly))).status, 'write alone ingests').toBe(200);
  const deleted = await call(mock, 'deleteSnapshot', { headers: withKey(keyOf(mock, KEY.fullCrud)), pathParams: { snapshot_id: target } });
  expect(deleted.status).toBe(204);
  expect(deleted.text).toBe('');
  expectApiError(await call(mock, 'getSnapshot', { headers: withKey(keyOf(mock, KEY.admin)), pathParams: { snapshot_id: target } }), 404, 'not_found');
});

test('SYN-SCP-1 the admin scope includes read, write and delete', async ({ mock }) => {
  const admin = keyOf(mock, KEY.admin);
  const accepted = await ingest(mock, admin);
  expect(accepted.status, accepted.text).toBe(200);
  const headers = withKey(admin);
  expect((await call(mock, 'getSnapshot', { headers, pathParams: { snapshot_id: accepted.json.snapshot_id } })).status).toBe(200);
  expect((await call(mock, 'deleteSnapshot', { headers, pathParams: { snapshot_id: accepted.json.snapshot_id } })).status).toBe(204);
});

test('SYN-ENV-1 keys tagged development and production with the same scopes behave the same', async ({ mock }) => {
  const tags = mock.state().keys;
  const production = keyOf(mock, KEY.main);
  const development = keyOf(mock, KEY.mainDevelopment);
  expect(tags.get(production.secretKey)?.environment).toBe('production');
  expect(tags.get(development.secretKey)?.environment).toBe('development');
  const outcome = async (key: typeof production) => {
    const list = await call(mock, 'listSnapshots', { headers: withKey(key), query: { user_id: 'user-0001', limit: 3 } });
    const profiles = await call(mock, 'listConsentProfiles', { headers: withKey(key), ...consentPath });
    const ingested = await ingest(mock, key);
    const other = await call(mock, 'listConsentProfiles', { headers: withKey(key), pathParams: { app_id: 'app_mock_0002' } });
    return { list: [list.status, list.json.snapshots.map((s: { snapshot_id: string }) => s.snapshot_id)], profiles: [profiles.status, profiles.json], ingested: ingested.status, other: [other.status, other.json.code] };
  };
  const fromProduction = await outcome(production);
  expect(fromProduction.ingested).toBe(200);
  expect(await outcome(development)).toEqual(fromProduction);
});

test('a key of one app cannot read another app: its consent profiles and its snapshots are not found', async ({ mock }) => {
  const research = keyOf(mock, KEY.research);
  expectApiError(await call(mock, 'listConsentProfiles', { headers: withKey(research), ...consentPath }), 404, 'not_found');
  expectApiError(await call(mock, 'listConsentProfiles', { headers: withKey(research), pathParams: { app_id: 'app_mock_9999' } }), 404, 'not_found');
  const wellness = (await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.main)), query: { limit: 1 } })).json.snapshots[0].snapshot_id as string;
  expectApiError(await call(mock, 'getSnapshot', { headers: withKey(research), pathParams: { snapshot_id: wellness } }), 404, 'not_found');
  const own = await call(mock, 'listSnapshots', { headers: withKey(research) });
  expect(own.json.snapshots.length).toBeGreaterThan(0);
  expect(own.json.snapshots.every((s: { app_id: string }) => s.app_id === 'app_mock_0002')).toBe(true);
});
