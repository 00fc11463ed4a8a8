/** What the fuzzing of the mocks (fuzz.spec.ts) found, each pinned by one request. */
import { expect, test } from '@playwright/test';
import { readAnswer } from './client';
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

test('a documented Synheart path called with a method it does not take is 405 in the documented ApiError shape', async () => {
  const mock = await synheart.startSynheart();
  try {
    const path = synheart.spec.operation('listSnapshots').path;
    const res = await fetch(mock.baseUrl + path, { method: 'PUT', headers: synheart.withKey(synheart.keyOf(mock, synheart.KEY.main)) });
    synheart.expectApiError(await readAnswer('listSnapshots', res), 405, 'method_not_allowed');
  } finally {
    await mock.close();
  }
});

test('a request to a Synheart OAuth endpoint whose headers are too large is answered in the RFC 6749 shape of that endpoint', async () => {
  const mock = await synheart.startSynheart();
  try {
    const path = synheart.spec.operation('exchangeDeviceCode').path;
    const res = await fetch(`${mock.baseUrl}${path}/?from=${'f'.repeat(9_000)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-padding': 'p'.repeat(20_000) }, body: '{}' });
    synheart.expectOAuthError(await readAnswer('exchangeDeviceCode', res), 'invalid_request');
  } finally {
    await mock.close();
  }
});
