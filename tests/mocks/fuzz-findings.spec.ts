/** What the fuzzing of the mocks (fuzz.spec.ts) found, each pinned by one request. */
import { expect, test } from '@playwright/test';
import * as synheart from './synheart/helpers';

test('a body too large for an OAuth endpoint that documents only 400 is answered 400 in its RFC 6749 shape, not 413', async () => {
  const mock = await synheart.startSynheart();
  try {
    const huge = JSON.stringify({ client_id: synheart.CLI_CLIENT, scope: 'x'.repeat(1_100_000) });
    const res = await synheart.call(mock, 'requestDeviceCode', { headers: { 'content-type': 'application/json' }, body: huge });
    synheart.expectOAuthError(res, 'invalid_request');
    synheart.expectNoDrift(mock);
  } finally {
    await mock.close();
  }
});
