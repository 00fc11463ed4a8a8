/** Synheart environments (SYN-ENV-1): a key's environment tag is bookkeeping only; it changes no answer. */
import { createMockKey, ingestionBody, type SynheartKey } from '../../../src/adapters/synheart';
import type { ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { expect, test } from '../fixtures';
import { expectDocumented, ingest, keyHeader } from './support';

/** The tags the catalog names; the keys differ in nothing else (same app, same scopes). */
const TAGS = ['production', 'development'] as const;
const SCOPES = ['read', 'write'];
/** A snapshot id no app has. */
const UNKNOWN_SNAPSHOT = '00000000-0000-4000-8000-000000000000';

/** What one request came back with: enough to compare two keys without printing either. */
interface Outcome {
  operation: string;
  status: number;
  code?: unknown;
}

const outcome = (res: ApiResult): Outcome => ({ operation: res.op.operationId, status: res.status, code: (res.json as { code?: unknown } | undefined)?.code });

/** What a read+write key of the app is documented to get for those reads, whatever its tag. */
const EXPECTED_READS: Outcome[] = [
  { operation: 'listSnapshots', status: 200, code: undefined },
  { operation: 'listConsentProfiles', status: 200, code: undefined },
  { operation: 'listConsentProfiles', status: 404, code: 'not_found' },
  { operation: 'getSnapshot', status: 404, code: 'not_found' },
  { operation: 'deleteSnapshot', status: 403, code: 'insufficient_scope' },
];

/** The same requests with a key: each must get the documented answer of a read+write key; returns the bodies of the two reads. */
async function reads(session: ProviderSession, key: SynheartKey, tag: string): Promise<unknown[]> {
  const auth = keyHeader(key.secretKey);
  const calls: (() => Promise<ApiResult>)[] = [
    () => session.api.call('listSnapshots', { query: { limit: 10 }, auth, label: `SYN-ENV-1: ${tag} key lists` }),
    () => session.api.call('listConsentProfiles', { pathParams: { app_id: key.appId }, auth, label: `SYN-ENV-1: ${tag} key consent profiles` }),
    () => session.api.call('listConsentProfiles', { pathParams: { app_id: 'app_conformance_other' }, auth, label: `SYN-ENV-1: ${tag} key, another app` }),
    () => session.api.call('getSnapshot', { pathParams: { snapshot_id: UNKNOWN_SNAPSHOT }, auth, label: `SYN-ENV-1: ${tag} key, unknown snapshot` }),
    () => session.api.call('deleteSnapshot', { pathParams: { snapshot_id: UNKNOWN_SNAPSHOT }, auth, label: `SYN-ENV-1: ${tag} key deletes` }),
  ];
  const results: ApiResult[] = [];
  for (const call of calls) results.push(await call());
  expect(results.map(outcome), `SYN-ENV-1: what the ${tag}-tagged key got (operation, status, error code)`).toEqual(EXPECTED_READS);
  for (const res of results) expectDocumented(session, res, res.status, `SYN-ENV-1: ${res.op.operationId} with the ${tag}-tagged key`);
  return results.slice(0, 2).map((r) => r.json);
}

test.describe('environments', () => {
  test('SYN-ENV-1 keys tagged development and production get the same answers to the same requests', async ({ session, control }) => {
    const mock = control.sandbox!;
    const keys = await test.step(`issue one read+write key per tag (${TAGS.join(', ')}) in the portal (control action createKey)`, async () => {
      const issued: Record<string, SynheartKey> = {};
      for (const environment of TAGS) issued[environment] = await createMockKey(mock, session, { scopes: SCOPES, environment, label: `conformance: SYN-ENV-1 ${environment}` });
      return issued;
    });

    const bodies: Record<string, unknown[]> = {};
    for (const tag of TAGS) {
      await test.step(`the ${tag} key: reads, a foreign app, an unknown snapshot and a delete answer as documented`, async () => {
        bodies[tag] = await reads(session, keys[tag]!, tag);
      });
    }
    await test.step('both keys read the same snapshots and consent profiles', () => {
      expect(bodies.development, 'SYN-ENV-1: the development key must read what the production key reads').toEqual(bodies.production);
    });
    for (const tag of TAGS) {
      await test.step(`the ${tag} key ingests a signed body -> 200`, async () => {
        const res = await ingest(session, keys[tag]!, ingestionBody(keys[tag]!.appId), `SYN-ENV-1: ${tag} key ingests`);
        expectDocumented(session, res, 200, `SYN-ENV-1: ingestSnapshots with the ${tag}-tagged key`);
      });
    }
  });
});
