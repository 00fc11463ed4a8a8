/** Synheart key lifecycle (SYN-AUTH-*): a key with `read` reads; missing, malformed, unknown and revoked keys are 401. */
import { adapter as synheart, appIdOf, BEARER_KEY_SCHEME, createMockKey, ingestionBody, mainKey, readOnlyApiKey, signedIngestion } from '../../../src/adapters/synheart';
import type { ProviderSession } from '../../../src/adapters';
import { expect, test } from '../fixtures';
import { callableOn, expectApiError, expectDocumented, ingestOne, keyHeader, withoutKey } from './support';

type Snapshot = { snapshot_id: string; app_id: string };

/** The keys with the read scope this run has: SYNHEART_API_KEY (read, write) and the optional read-only key. */
function readKeys(session: ProviderSession): { name: string; value: string }[] {
  const readOnly = readOnlyApiKey(session);
  return [{ name: 'SYNHEART_API_KEY', value: mainKey(session).secretKey }, ...(readOnly ? [{ name: 'SYNHEART_READ_ONLY_API_KEY', value: readOnly }] : [])];
}

/** A snapshot of the app to read: the newest listed, or (off production) one ingested for the purpose. */
async function snapshotOfTheApp(session: ProviderSession, listed: Snapshot[]): Promise<string | undefined> {
  if (listed[0]) return listed[0].snapshot_id;
  return callableOn(session, 'ingestSnapshots') ? (await ingestOne(session, mainKey(session), 'SYN-AUTH-1: ingest a snapshot to read')).snapshotId : undefined;
}

/** Credentials that are not a valid key: none at all, a malformed value, a well-formed key nobody issued. */
const BAD_KEYS: { name: string; headers: Record<string, string> }[] = [
  { name: 'no x-api-key', headers: {} },
  { name: 'a malformed x-api-key', headers: keyHeader('mock malformed key !') },
  { name: 'an unknown x-api-key', headers: keyHeader('syn_sk_mock_unknownconformance01') },
];

test.describe('key lifecycle', () => {
  test('SYN-AUTH-1 a valid key with the read scope lists and reads its app\'s snapshots and consent profiles (x-api-key, and Authorization: Bearer as the core SDK sends it for consent)', async ({ session }, testInfo) => {
    const keys = readKeys(session);
    if (keys.length === 1) testInfo.annotations.push({ type: 'note', description: 'SYNHEART_READ_ONLY_API_KEY is not set: only SYNHEART_API_KEY (read and write) was tried.' });
    const appId = appIdOf(session);
    for (const key of keys) {
      await test.step(`${key.name}: listSnapshots -> 200, only snapshots of the configured app (SYNHEART_APP_ID)`, async () => {
        const res = await session.api.call('listSnapshots', { query: { limit: 20 }, auth: keyHeader(key.value), label: `SYN-AUTH-1: ${key.name} lists` });
        expectDocumented(session, res, 200, `SYN-AUTH-1: listSnapshots with ${key.name}`);
        const listed = (res.json as { snapshots: Snapshot[] }).snapshots;
        expect([...new Set(listed.map((s) => s.app_id))].filter((id) => id !== appId), `SYN-AUTH-1: listSnapshots with ${key.name} must show only the key's app`).toEqual([]);
        const snapshotId = await snapshotOfTheApp(session, listed);
        if (!snapshotId) {
          testInfo.annotations.push({ type: 'note', description: `The app has no snapshot on the ${session.target.target} target: getSnapshot was not tried.` });
          return;
        }
        const one = await session.api.call('getSnapshot', { pathParams: { snapshot_id: snapshotId }, auth: keyHeader(key.value), label: `SYN-AUTH-1: ${key.name} reads one` });
        expectDocumented(session, one, 200, `SYN-AUTH-1: getSnapshot with ${key.name}`);
        expect((one.json as Snapshot).snapshot_id, 'SYN-AUTH-1: getSnapshot answers the snapshot asked for').toBe(snapshotId);
      });
      await test.step(`${key.name}: listConsentProfiles of the configured app -> 200`, async () => {
        const res = await session.api.call('listConsentProfiles', { pathParams: { app_id: appId }, auth: keyHeader(key.value), label: `SYN-AUTH-1: ${key.name} consent profiles` });
        expectDocumented(session, res, 200, `SYN-AUTH-1: listConsentProfiles with ${key.name}`);
      });
      await test.step(`${key.name} as Authorization: Bearer, as the core SDK's consent client sends it (active_only=true): listConsentProfiles -> 200, the same profiles`, async () => {
        const byHeader = await session.api.call('listConsentProfiles', { pathParams: { app_id: appId }, query: { active_only: true }, auth: keyHeader(key.value), label: `SYN-AUTH-1: ${key.name} consent profiles, x-api-key` });
        const res = await session.api.call('listConsentProfiles', { pathParams: { app_id: appId }, query: { active_only: true }, auth: synheart.authHeaders(BEARER_KEY_SCHEME, key.value), label: `SYN-AUTH-1: ${key.name} consent profiles, Bearer` });
        expectDocumented(session, res, 200, `SYN-AUTH-1: listConsentProfiles with ${key.name} as Authorization: Bearer`);
        expect(res.json, `SYN-AUTH-1: listConsentProfiles answers the same profiles whether ${key.name} travels in x-api-key or as a bearer token`).toEqual(byHeader.json);
      });
    }
  });

  test('SYN-AUTH-2 a missing, malformed or unknown key is a 401 invalid_api_key on reads and on ingestion', async ({ session }) => {
    const appId = appIdOf(session);
    for (const bad of BAD_KEYS) {
      await test.step(`${bad.name} -> 401 on listSnapshots, getSnapshot and listConsentProfiles`, async () => {
        const list = await session.api.call('listSnapshots', { headers: bad.headers, label: `SYN-AUTH-2: listSnapshots, ${bad.name}` });
        expectApiError(session, list, 401, 'invalid_api_key', `SYN-AUTH-2: listSnapshots with ${bad.name}`);
        const one = await session.api.call('getSnapshot', { pathParams: { snapshot_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }, headers: bad.headers, label: `SYN-AUTH-2: getSnapshot, ${bad.name}` });
        expectApiError(session, one, 401, 'invalid_api_key', `SYN-AUTH-2: getSnapshot with ${bad.name}`);
        const consent = await session.api.call('listConsentProfiles', { pathParams: { app_id: appId }, headers: bad.headers, label: `SYN-AUTH-2: listConsentProfiles, ${bad.name}` });
        expectApiError(session, consent, 401, 'invalid_api_key', `SYN-AUTH-2: listConsentProfiles with ${bad.name}`);
      });
      if (!callableOn(session, 'ingestSnapshots')) continue;
      await test.step(`${bad.name} -> 401 on a correctly signed ingestion`, async () => {
        const signed = signedIngestion(mainKey(session), ingestionBody(appId));
        const res = await session.api.call('ingestSnapshots', { headers: { ...withoutKey(signed.headers), ...bad.headers }, body: signed.body, label: `SYN-AUTH-2: ingest, ${bad.name}` });
        expectApiError(session, res, 401, 'invalid_api_key', `SYN-AUTH-2: ingestSnapshots with ${bad.name}`);
      });
    }
  });

  test('SYN-AUTH-3 a revoked key is rejected with 401 at once, with no propagation delay', async ({ session, control }) => {
    const mock = control.sandbox!;
    const key = await test.step('issue a key of our own (the configured keys stay untouched)', () => createMockKey(mock, session, { scopes: ['read'], label: 'conformance: SYN-AUTH-3' }));
    await test.step('before revocation it reads (200)', async () => {
      const res = await session.api.call('listSnapshots', { auth: keyHeader(key.secretKey), label: 'SYN-AUTH-3: before revocation' });
      expectDocumented(session, res, 200, 'SYN-AUTH-3: listSnapshots with the new key');
    });
    await test.step('revoke it in the portal (control action revokeKey)', () => mock.action('revokeKey', { key_id: key.keyId }));
    await test.step('the very next requests, with no time passing, are 401 invalid_api_key', async () => {
      const list = await session.api.call('listSnapshots', { auth: keyHeader(key.secretKey), label: 'SYN-AUTH-3: right after revocation' });
      expectApiError(session, list, 401, 'invalid_api_key', 'SYN-AUTH-3: listSnapshots with a key revoked a moment ago');
      const consent = await session.api.call('listConsentProfiles', { pathParams: { app_id: key.appId }, auth: keyHeader(key.secretKey), label: 'SYN-AUTH-3: consent, right after revocation' });
      expectApiError(session, consent, 401, 'invalid_api_key', 'SYN-AUTH-3: listConsentProfiles with a key revoked a moment ago');
    });
    await test.step('other keys of the app keep working', async () => {
      const res = await session.api.call('listSnapshots', { auth: keyHeader(mainKey(session).secretKey), label: 'SYN-AUTH-3: another key' });
      expectDocumented(session, res, 200, 'SYN-AUTH-3: listSnapshots with SYNHEART_API_KEY after another key was revoked');
    });
  });
});
