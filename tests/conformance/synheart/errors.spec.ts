/**
 * Synheart errors (SYN-RATE-1): past the rate limit a key gets 429 with the wait, in the `Retry-After` header
 * and in the body's `retry_after`; the suite's HTTP client backs off for that long and retries, and every
 * attempt of that exchange is attached and annotated so the report shows the back-off.
 */
import type { TestInfo } from '@playwright/test';
import { createMockKey, ingestionBody, mainKey, signingRecipe } from '../../../src/adapters/synheart';
import type { ProviderSession } from '../../../src/adapters';
import { createHttpClient, type CapturedAttempt, type Exchange } from '../../../src/http';
import { ApiClient } from '../../../src/targets/api';
import type { MockControl } from '../../../src/targets/mock-control';
import { expect, test } from '../fixtures';
import { expectApiError, expectDocumented, ingest, keyHeader, storedFor } from './support';

/** A small limit and a short window, so that the retry's wait is short. */
const LIMIT = 3;
const WINDOW_SECONDS = 2;
/** A timer may fire a millisecond before its time is up by the clock that measures it. */
const TIMER_SLACK_MS = 5;

type RateLimit = { limit: number; windowSeconds: number };

/** The rate limit the mock applies now (GET /__control/state), to put it back afterwards. */
async function currentRateLimit(mock: MockControl): Promise<RateLimit> {
  const res = await fetch(`${mock.controlUrl}/state`);
  const state = (await res.json()) as { summary: { rate_limit: RateLimit } };
  return state.summary.rate_limit;
}

/**
 * An ApiClient whose HTTP client never retries, to observe a 429 as the API sends it. (The session's client
 * retries 429s, which is what the scenario shows next.) Its exchanges are attached by the test.
 */
function clientWithoutRetry(session: ProviderSession, exchanges: Exchange[]) {
  const http = createHttpClient({ retry: { maxRetries: 0 }, onExchange: (e) => exchanges.push(e) }, session.redactor);
  return { api: new ApiClient(session.spec, session.target, http), close: () => http.close() };
}

/** One line per attempt: "attempt 1: 429, retried after 1002 ms (429, Retry-After 1s)". */
function describeAttempts(attempts: CapturedAttempt[]): string {
  return attempts.map((a) => `attempt ${a.attempt}: ${a.status ?? a.error?.code}${a.retryReason ? `, retried after ${a.waitedMs} ms (${a.retryReason})` : ''}`).join('; ');
}

async function showAttempts(testInfo: TestInfo, label: string, attempts: CapturedAttempt[]): Promise<void> {
  testInfo.annotations.push({ type: 'retry', description: `${label}: ${describeAttempts(attempts)}` });
  await testInfo.attach('rate-limit-attempts.json', { body: JSON.stringify({ label, attempts }, null, 2), contentType: 'application/json' });
}

test.describe('rate limit', () => {
  test('SYN-RATE-1 past the rate limit a key gets 429 with Retry-After and retry_after; the client backs off that long and its retry succeeds', async ({ session, control }, testInfo) => {
    const mock = control.sandbox!;
    const key = await test.step('issue a key of our own, whose window no other test shares (control action createKey)', () => createMockKey(mock, session, { scopes: ['read'], label: 'conformance: SYN-RATE-1' }));
    const auth = keyHeader(key.secretKey);
    const before = await currentRateLimit(mock);
    const observed: Exchange[] = [];
    const direct = clientWithoutRetry(session, observed);
    await mock.action('setRateLimit', { limit: LIMIT, windowSeconds: WINDOW_SECONDS });
    try {
      await test.step(`the first ${LIMIT} requests of a window are served (200)`, async () => {
        for (let i = 1; i <= LIMIT; i += 1) {
          const res = await direct.api.call('listSnapshots', { auth, label: `SYN-RATE-1: request ${i} of ${LIMIT}` });
          expectDocumented(session, res, 200, `SYN-RATE-1: request ${i} of the ${LIMIT} the window allows`);
        }
      });
      await test.step(`request ${LIMIT + 1} -> 429 rate_limit_exceeded with the same wait in Retry-After and the body (retry_after, or the protocol document's retryAfter)`, async () => {
        const res = await direct.api.call('listSnapshots', { auth, label: `SYN-RATE-1: request ${LIMIT + 1}, past the limit` });
        expectApiError(session, res, 429, 'rate_limit_exceeded', `SYN-RATE-1: request ${LIMIT + 1} within ${WINDOW_SECONDS} s with a limit of ${LIMIT}`);
        const wait = res.json as { retry_after?: number; retryAfter?: number };
        const retryAfter = wait.retry_after ?? wait.retryAfter;
        expect(retryAfter, `SYN-RATE-1: retry_after is the whole seconds until the ${WINDOW_SECONDS} s window ends`).toBeGreaterThanOrEqual(1);
        expect(retryAfter, `SYN-RATE-1: retry_after is the whole seconds until the ${WINDOW_SECONDS} s window ends`).toBeLessThanOrEqual(WINDOW_SECONDS);
        expect(res.headers['retry-after'], 'SYN-RATE-1: the Retry-After header carries the same seconds as the body').toBe(String(retryAfter));
      });
      await test.step('the suite\'s client gets a 429, waits the Retry-After it names, retries, and the retry is served (200)', async () => {
        const res = await session.api.call('listSnapshots', { auth, label: 'SYN-RATE-1: with back-off and retry' });
        const attempts = res.exchange.attempts;
        await showAttempts(testInfo, 'listSnapshots past the rate limit', attempts);
        expectDocumented(session, res, 200, 'SYN-RATE-1: listSnapshots after the client backed off and retried');
        expect(attempts.map((a) => a.status), `SYN-RATE-1: the attempts of the exchange (${describeAttempts(attempts)})`).toEqual([429, 200]);
        const hint = /Retry-After (\d+)s/.exec(attempts[0]!.retryReason ?? '');
        expect(hint, `SYN-RATE-1: the client must back off for the Retry-After of the 429 (its reason was "${attempts[0]!.retryReason}")`).not.toBeNull();
        expect(attempts[0]!.waitedMs, `SYN-RATE-1: the client waited at least the ${hint![1]} s of Retry-After before retrying`).toBeGreaterThanOrEqual(Number(hint![1]) * 1000 - TIMER_SLACK_MS);
      });
    } finally {
      await mock.action('setRateLimit', { ...before });
      await direct.close();
      if (observed.length) await testInfo.attach('exchanges-without-retry.json', { body: JSON.stringify(observed, null, 2), contentType: 'application/json' });
    }
  });

  test('SYN-RATE-1 the request size limit that comes with the rate limits: a signed ingestion body over 1 MB is a 413 payload_too_large and stores nothing; one just under it is accepted', async ({ session, control: _mock }) => {
    const main = mainKey(session);
    const limit = signingRecipe().maxRequestBytes;
    expect(limit, 'SYN-RATE-1: the spec states the request size limit (x-synheart-signing.maxRequestBytes on ingestSnapshots)').toBeDefined();
    /** A valid body of exactly `bytes` bytes: the snapshot's privacy notes pad it. */
    const bodyOf = (bytes: number) => {
      const body = ingestionBody(main.appId);
      const snapshot = (body.snapshots as Record<string, Record<string, unknown>>[])[0]!;
      snapshot.privacy = { ...snapshot.privacy, notes: '' };
      const pad = bytes - Buffer.byteLength(JSON.stringify(body));
      snapshot.privacy.notes = 'n'.repeat(pad);
      return body;
    };
    await test.step(`a body of ${limit! + 512} bytes -> 413 payload_too_large, nothing stored`, async () => {
      const body = bodyOf(limit! + 512);
      const res = await ingest(session, main, body, 'SYN-RATE-1: over the size limit');
      expectApiError(session, res, 413, 'payload_too_large', `SYN-RATE-1: ingestSnapshots with a body of ${limit! + 512} bytes (the limit is ${limit} bytes)`);
      expect(await storedFor(session, main, String(body.user_id), 'SYN-RATE-1: nothing stored'), 'SYN-RATE-1: a body over the size limit stores nothing').toEqual([]);
    });
    await test.step(`a body of ${limit! - 512} bytes -> 200`, async () => {
      const res = await ingest(session, main, bodyOf(limit! - 512), 'SYN-RATE-1: under the size limit');
      expectDocumented(session, res, 200, `SYN-RATE-1: ingestSnapshots with a body of ${limit! - 512} bytes (the limit is ${limit} bytes)`);
    });
  });
});
