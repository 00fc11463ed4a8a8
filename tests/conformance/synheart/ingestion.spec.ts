/**
 * Synheart ingestion (SYN-ING-*): the ingestion allowlist, the body's app_id against the key's app, and the
 * HMAC signature of server-to-server requests (bad signature, stale timestamp, replayed nonce).
 */
import { randomUUID } from 'node:crypto';
import { ingestionBody, mainKey, nowSeconds, sdkIngestionBody, signedIngestion, signingRecipe } from '../../../src/adapters/synheart';
import { expect, test } from '../fixtures';
import { callableOn, expectApiError, expectDocumented, ingest, READ_ONLY_PRODUCTION, storedFor } from './support';

/** An app id that is not the key's (the server compares ids; it needs not exist). */
const OTHER_APP_ID = 'app_conformance_other';
/** A signing secret nobody issued. */
const WRONG_SIGNING_SECRET = 'syn_ss_mock_wrongconformance000000000000';

test.describe('ingestion', () => {
  test('SYN-ING-1 an app not on the ingestion allowlist gets 403 "App <app_id> is not verified for data ingestion."', async ({ session, control }) => {
    const mock = control.sandbox!;
    const main = mainKey(session);
    await test.step('take the key\'s app (SYNHEART_APP_ID) off the ingestion allowlist (control action disallowApp)', () => mock.action('disallowApp', { app_id: main.appId }));
    try {
      await test.step('a correctly signed ingestion -> 403 app_not_verified with the documented message, nothing stored', async () => {
        const body = ingestionBody(main.appId);
        const res = await ingest(session, main, body, 'SYN-ING-1: not on the allowlist');
        expectApiError(session, res, 403, 'app_not_verified', 'SYN-ING-1: ingestSnapshots for an app not on the allowlist');
        // The app id is a configured credential: compared in place, never printed in a failure message.
        const message = (res.json as { message: string }).message;
        expect(message.replace(main.appId, '<SYNHEART_APP_ID>'), 'SYN-ING-1: the documented message').toBe('App <SYNHEART_APP_ID> is not verified for data ingestion.');
        expect(await storedFor(session, main, String(body.user_id), 'SYN-ING-1: nothing stored'), 'SYN-ING-1: a refused ingestion must store nothing').toEqual([]);
      });
    } finally {
      await test.step('put the key\'s app back on the allowlist (control action allowApp)', () => mock.action('allowApp', { app_id: main.appId }));
    }
    await test.step('back on the allowlist, the same kind of ingestion -> 200', async () => {
      const res = await ingest(session, main, ingestionBody(main.appId), 'SYN-ING-1: back on the allowlist');
      expectDocumented(session, res, 200, 'SYN-ING-1: ingestSnapshots once the app is allowlisted again');
    });
  });

  test("SYN-ING-2 a body whose app_id is not the key's app is a 403 app_id_mismatch; the core SDK's body, which names no app_id, is accepted for the key's app", async ({ session }, testInfo) => {
    testInfo.skip(!callableOn(session, 'ingestSnapshots'), READ_ONLY_PRODUCTION);
    const main = mainKey(session);
    await test.step('the body the official core SDK sends (no app_id, metadata.platform flutter, org_id null, a wrapper {hsi, focus, emotion, timestamp} around HSI 1.0) -> 200, stored for the key\'s app', async () => {
      const body = sdkIngestionBody();
      const res = await ingest(session, main, body, 'SYN-ING-2: the core SDK body');
      expectDocumented(session, res, 200, "SYN-ING-2: ingestSnapshots with the core SDK's body, which names no app_id");
      const stored = await storedFor(session, main, String(body.user_id), 'SYN-ING-2: the SDK body stored');
      expect(stored.map((s) => s.app_id === main.appId), "SYN-ING-2: the SDK's snapshot is stored once, for the key's app (SYNHEART_APP_ID)").toEqual([true]);
    });
    await test.step(`a correctly signed body for ${OTHER_APP_ID} -> 403 app_id_mismatch`, async () => {
      const res = await ingest(session, main, ingestionBody(OTHER_APP_ID), 'SYN-ING-2: another app_id');
      expectApiError(session, res, 403, 'app_id_mismatch', `SYN-ING-2: ingestSnapshots with app_id ${OTHER_APP_ID} and a key of the configured app (SYNHEART_APP_ID)`);
    });
    await test.step("the same body with the key's own app_id -> 200", async () => {
      const res = await ingest(session, main, ingestionBody(main.appId), 'SYN-ING-2: own app_id');
      expectDocumented(session, res, 200, "SYN-ING-2: ingestSnapshots with the key's own app_id");
    });
  });

  test('SYN-ING-3 signed ingestion: a bad signature, a stale timestamp or a replayed nonce is a 401, and nothing is stored', async ({ session }, testInfo) => {
    testInfo.skip(!callableOn(session, 'ingestSnapshots'), READ_ONLY_PRODUCTION);
    const main = mainKey(session);
    const refusedUsers: string[] = [];
    /** Remembers the user of a body that must be refused, to show at the end that nothing was stored for it. */
    const refused = (body: Record<string, unknown>) => {
      refusedUsers.push(String(body.user_id));
      return body;
    };
    const accepted = signedIngestion(main, ingestionBody(main.appId));

    await test.step('a correctly signed request -> 200', async () => {
      const res = await session.api.call('ingestSnapshots', { ...accepted, label: 'SYN-ING-3: signed' });
      expectDocumented(session, res, 200, 'SYN-ING-3: ingestSnapshots signed with SYNHEART_SIGNING_SECRET');
    });
    await test.step('the same request again (same nonce) -> 401 invalid_nonce', async () => {
      const res = await session.api.call('ingestSnapshots', { ...accepted, label: 'SYN-ING-3: replayed' });
      expectApiError(session, res, 401, 'invalid_nonce', 'SYN-ING-3: ingestSnapshots replaying a request');
    });
    await test.step('signed with another secret -> 401 invalid_signature', async () => {
      const res = await ingest(session, main, refused(ingestionBody(main.appId)), 'SYN-ING-3: wrong secret', { signingSecret: WRONG_SIGNING_SECRET });
      expectApiError(session, res, 401, 'invalid_signature', 'SYN-ING-3: ingestSnapshots signed with a secret that is not the key\'s');
    });
    await test.step('a body changed after signing -> 401 invalid_signature', async () => {
      const signed = signedIngestion(main, ingestionBody(main.appId));
      const tampered = refused({ ...(JSON.parse(signed.body) as Record<string, unknown>), user_id: `conformance-${randomUUID()}` });
      const res = await session.api.call('ingestSnapshots', { headers: signed.headers, body: JSON.stringify(tampered), label: 'SYN-ING-3: tampered body' });
      expectApiError(session, res, 401, 'invalid_signature', 'SYN-ING-3: ingestSnapshots whose body was changed after signing');
    });
    const stale = signingRecipe().timestampWindowSeconds + 600;
    for (const [when, timestamp] of [['in the past', nowSeconds() - stale], ['in the future', nowSeconds() + stale]] as const) {
      await test.step(`correctly signed with a timestamp ${stale} s ${when} -> 401 invalid_nonce`, async () => {
        const res = await ingest(session, main, refused(ingestionBody(main.appId)), `SYN-ING-3: timestamp ${when}`, { timestamp });
        expectApiError(session, res, 401, 'invalid_nonce', `SYN-ING-3: ingestSnapshots with a timestamp ${stale} s ${when}`);
      });
    }
    await test.step('none of the refused requests stored anything', async () => {
      for (const userId of refusedUsers) {
        expect(await storedFor(session, main, userId, 'SYN-ING-3: nothing stored'), `SYN-ING-3: a refused ingestion (user ${userId}) must store nothing`).toEqual([]);
      }
    });
  });

  test('SYN-ING-3 a nonce is remembered 600 s, twice the timestamp window: a request signed with a clock ahead is still refused as a replay after 300 s', async ({ session, control }) => {
    const mock = control.sandbox!;
    const main = mainKey(session);
    const window = signingRecipe().timestampWindowSeconds;
    const ahead = window - 50;
    const later = window + 100;
    const body = ingestionBody(main.appId);
    const signed = signedIngestion(main, body, { timestamp: nowSeconds() + ahead });
    await test.step(`a request signed with a timestamp ${ahead} s ahead of the clock (inside the ${window} s window) -> 200`, async () => {
      const res = await session.api.call('ingestSnapshots', { ...signed, label: 'SYN-ING-3: signed ahead' });
      expectDocumented(session, res, 200, `SYN-ING-3: ingestSnapshots signed ${ahead} s ahead`);
    });
    await test.step(`${later} s later (control action clock), its timestamp is ${later - ahead} s old, still inside the window`, () => mock.advanceClock(later));
    await test.step('the same request again -> 401 invalid_nonce: the nonce is remembered although more than 300 s have passed', async () => {
      const res = await session.api.call('ingestSnapshots', { ...signed, label: 'SYN-ING-3: replayed after 300 s' });
      expectApiError(session, res, 401, 'invalid_nonce', `SYN-ING-3: ingestSnapshots replaying, ${later} s later, a request whose timestamp is still inside the window`);
      expect(await storedFor(session, main, String(body.user_id), 'SYN-ING-3: stored once'), 'SYN-ING-3: the replay stored nothing more').toHaveLength(1);
    });
  });
});
