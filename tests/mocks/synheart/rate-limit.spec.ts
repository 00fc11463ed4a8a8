/** The per-app (tenant) rate limit of the Synheart mock (SYN-RATE-1): 429 with the wait, then a retry that succeeds. */
import { expect, test } from './fixtures';
import { call, control, expectApiError, ingest, KEY, keyOf, withKey, type Synheart } from './helpers';

test('SYN-RATE-1 past the limit a key gets 429 with Retry-After and retry_after; after that wait the retry succeeds', async ({ mock }) => {
  await control(mock, 'setRateLimit', { limit: 3, windowSeconds: 60 });
  const headers = withKey(keyOf(mock, KEY.main));
  for (let i = 0; i < 3; i += 1) expect((await call(mock, 'listSnapshots', { headers })).status).toBe(200);
  mock.clock.advance(15);
  const limited = await call(mock, 'listSnapshots', { headers });
  expectApiError(limited, 429, 'rate_limit_exceeded');
  expect(limited.json.retry_after).toBe(45);
  expect(limited.headers.get('retry-after')).toBe('45');

  mock.clock.advance(limited.json.retry_after - 1);
  expect((await call(mock, 'listSnapshots', { headers })).status, 'one second early is still limited').toBe(429);
  mock.clock.advance(1);
  expect((await call(mock, 'listSnapshots', { headers })).status, 'the retry after the wait succeeds').toBe(200);
});

test('SYN-RATE-1 the limit is per app (the protocol\'s tenant), shared by its keys, and covers ingestion too', async ({ mock }) => {
  await control(mock, 'setRateLimit', { limit: 1, windowSeconds: 30 });
  const main = keyOf(mock, KEY.main);
  expect((await ingest(mock, main)).status).toBe(200);
  const limited = await ingest(mock, main);
  expectApiError(limited, 429, 'rate_limit_exceeded');
  expect(limited.json.retry_after).toBe(30);
  expectApiError(await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.mainDevelopment)) }), 429, 'rate_limit_exceeded');
  expect((await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.research)) })).status, 'another app has its own window').toBe(200);
});

test('a request refused for its key does not count toward the limit', async ({ mock }) => {
  await control(mock, 'setRateLimit', { limit: 1, windowSeconds: 60 });
  for (let i = 0; i < 3; i += 1) expectApiError(await call(mock, 'listSnapshots', { headers: withKey('mock-malformed-credential') }), 401, 'invalid_api_key');
  expect((await call(mock, 'listSnapshots', { headers: withKey(keyOf(mock, KEY.main)) })).status).toBe(200);
});
