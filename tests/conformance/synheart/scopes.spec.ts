/** Synheart scopes (SYN-SCP-1): ingestion needs `write`, deletion needs `delete`; a valid key without them is a 403. */
import { ingestionBody, mainKey, readOnlyApiKey } from '../../../src/adapters/synheart';
import { expect, test } from '../fixtures';
import { callableOn, expectApiError, expectDocumented, ingest, ingestOne, keyHeader, READ_ONLY_PRODUCTION, storedFor } from './support';

test.describe('scopes', () => {
  test('SYN-SCP-1 a key without write cannot ingest and a key without delete cannot delete: 403 insufficient_scope', async ({ session }, testInfo) => {
    testInfo.skip(!callableOn(session, 'ingestSnapshots'), READ_ONLY_PRODUCTION);
    const main = mainKey(session);
    const readOnly = readOnlyApiKey(session);

    await test.step('the read-only key (no write) ingests -> 403 insufficient_scope, nothing stored', async () => {
      if (!readOnly) {
        testInfo.annotations.push({ type: 'note', description: 'SYNHEART_READ_ONLY_API_KEY is not set: the missing-write half of SYN-SCP-1 was not tried.' });
        return;
      }
      const body = ingestionBody(main.appId);
      // The scope is checked before the signature (spec: order of the checks), so the request is signed with the only
      // signing secret this run has; a 401 invalid_signature here means the scope was not checked.
      const res = await ingest(session, { ...main, secretKey: readOnly }, body, 'SYN-SCP-1: ingest without write');
      expectApiError(session, res, 403, 'insufficient_scope', 'SYN-SCP-1: ingestSnapshots with a key that has read only (the scope comes before the signature)');
      expect(await storedFor(session, main, String(body.user_id), 'SYN-SCP-1: nothing stored'), 'SYN-SCP-1: a refused ingestion must store nothing').toEqual([]);
    });

    const { snapshotId } = await test.step('SYNHEART_API_KEY (read and write) ingests the same kind of body -> 200', () => ingestOne(session, main, 'SYN-SCP-1: ingest with write'));

    await test.step('SYNHEART_API_KEY (no delete) deletes that snapshot -> 403 insufficient_scope', async () => {
      const res = await session.api.call('deleteSnapshot', { pathParams: { snapshot_id: snapshotId }, auth: keyHeader(main.secretKey), label: 'SYN-SCP-1: delete without delete' });
      expectApiError(session, res, 403, 'insufficient_scope', 'SYN-SCP-1: deleteSnapshot with a key that has read and write');
    });

    await test.step('the snapshot is still there', async () => {
      const res = await session.api.call('getSnapshot', { pathParams: { snapshot_id: snapshotId }, auth: keyHeader(main.secretKey), label: 'SYN-SCP-1: still there' });
      expectDocumented(session, res, 200, 'SYN-SCP-1: getSnapshot after a refused delete');
    });
  });
});
