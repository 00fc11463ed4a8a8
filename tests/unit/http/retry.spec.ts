/** Bounded retry: 429 with its wait hint, broken connections of idempotent requests only, every retry recorded. */
import { HttpError } from '../../../src/http';
import { DEFAULT_RETRY, planRateLimitRetry } from '../../../src/http/retry';
import { expect, hangUp, json, test } from './fixtures';

const gapMs = (requests: { at: number }[], i: number): number => requests[i + 1]!.at - requests[i]!.at;

test('a 429 with Retry-After is retried after the wait it asks for, and the retry is recorded', async ({ serve, client }) => {
  const server = await serve((_req, res, index) => (index === 0 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true })));
  const { http } = client();
  const res = await http.send({ method: 'GET', url: `${server.url}/limited` });

  expect(res.status).toBe(200);
  expect(server.requests).toHaveLength(2);
  expect(gapMs(server.requests, 0)).toBeGreaterThanOrEqual(950);
  expect(gapMs(server.requests, 0)).toBeLessThan(3000);
  const [first, second] = res.exchange.attempts;
  expect(first).toMatchObject({ attempt: 1, status: 429, retryReason: '429, Retry-After 1s' });
  expect(first?.waitedMs).toBeGreaterThanOrEqual(950);
  expect(second).toMatchObject({ attempt: 2, status: 200 });
  expect(second?.retryReason).toBeUndefined();
  expect(res.exchange.response?.status).toBe(200);
});

test('a 429 with retry_after in the body (and no header) waits that many seconds', async ({ serve, client }) => {
  const server = await serve((_req, res, index) => (index === 0 ? json(res, 429, { status: 'error', code: 'rate_limited', retry_after: 1 }) : json(res, 200, {})));
  const { http } = client();
  const res = await http.send({ method: 'POST', url: `${server.url}/ingest`, json: {} });

  expect(res.status).toBe(200);
  expect(gapMs(server.requests, 0)).toBeGreaterThanOrEqual(950);
  expect(res.exchange.attempts.map((a) => [a.status, a.retryReason])).toEqual([
    [429, '429, retry_after 1s in the body'],
    [200, undefined],
  ]);
});

test('a long Retry-After is capped at maxWaitMs, and a 429 without a hint waits baseDelayMs', async ({ serve, client }) => {
  const server = await serve((_req, res, index) => {
    if (index === 0) return json(res, 429, {}, { 'retry-after': '120' });
    if (index === 1) return json(res, 429, {});
    json(res, 200, {});
  });
  const { http } = client({ retry: { maxWaitMs: 300, baseDelayMs: 100 } });
  const res = await http.send({ method: 'GET', url: `${server.url}/limited` });

  expect(res.status).toBe(200);
  expect(res.exchange.attempts.map((a) => a.retryReason)).toEqual(['429, Retry-After 120s, capped at 300 ms', '429 without a wait hint, waited the base delay of 100 ms', undefined]);
  expect(gapMs(server.requests, 0)).toBeGreaterThanOrEqual(280);
  expect(gapMs(server.requests, 0)).toBeLessThan(2000);
  expect(gapMs(server.requests, 1)).toBeGreaterThanOrEqual(90);
});

test('when retries run out the last 429 is returned as is, with every attempt recorded', async ({ serve, client }) => {
  const server = await serve((_req, res) => json(res, 429, { retry_after: 0 }));
  const { http } = client({ retry: { maxRetries: 2 } });
  const res = await http.send({ method: 'GET', url: `${server.url}/limited` });

  expect(res).toMatchObject({ status: 429, json: { retry_after: 0 } });
  expect(server.requests).toHaveLength(3);
  expect(res.exchange.attempts.map((a) => [a.attempt, a.status, a.retryReason])).toEqual([
    [1, 429, '429, retry_after 0s in the body'],
    [2, 429, '429, retry_after 0s in the body'],
    [3, 429, undefined],
  ]);
  expect(res.exchange.response?.status).toBe(429);
});

test('a request can switch retries off to observe the 429 itself', async ({ serve, client }) => {
  const server = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
  const { http } = client();
  const res = await http.send({ method: 'GET', url: `${server.url}/limited`, retry: { maxRetries: 0 } });
  expect(res.status).toBe(429);
  expect(server.requests).toHaveLength(1);
  expect(res.exchange.attempts).toHaveLength(1);
});

test('a GET whose connection breaks is retried with backoff and succeeds', async ({ serve, client }) => {
  const server = await serve((_req, res, index) => (index === 0 ? hangUp(res) : json(res, 200, { ok: true })));
  const { http } = client({ retry: { baseDelayMs: 50 } });
  const res = await http.send({ method: 'GET', url: `${server.url}/flaky` });

  expect(res.status).toBe(200);
  expect(server.requests).toHaveLength(2);
  const [first, second] = res.exchange.attempts;
  expect(first?.error?.code).toBe('UND_ERR_SOCKET');
  expect(first?.retryReason).toBe('UND_ERR_SOCKET');
  expect(first?.waitedMs).toBeGreaterThanOrEqual(45);
  expect(second).toMatchObject({ attempt: 2, status: 200 });
});

test('a POST whose connection breaks is not retried and fails with the exchange attached', async ({ serve, client }) => {
  const server = await serve((_req, res) => hangUp(res));
  const { http, exchanges } = client();
  const error = await http.send({ method: 'POST', url: `${server.url}/create`, json: { a: 1 } }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(HttpError);
  const httpError = error as HttpError;
  expect(server.requests).toHaveLength(1);
  expect(httpError.code).toBe('TARGET_UNREACHABLE');
  expect(httpError.exitCode).toBe(2);
  expect(httpError.message).toBe(
    `The connection to ${server.url.slice('http://'.length)} broke during POST ${server.url}/create: UND_ERR_SOCKET (not retried: POST is not idempotent). Check the target's logs for a crash or a dropped connection.`,
  );
  expect(httpError.exchange.attempts).toHaveLength(1);
  expect(httpError.exchange.error).toEqual({ code: 'TARGET_UNREACHABLE', message: httpError.message });
  expect(httpError.exchange.response).toBeUndefined();
  expect(exchanges).toEqual([httpError.exchange]);
});

test('a POST marked idempotent is retried after a broken connection; a GET gives up after maxRetries', async ({ serve, client }) => {
  const flaky = await serve((_req, res, index) => (index === 0 ? hangUp(res) : json(res, 201, {})));
  const broken = await serve((_req, res) => hangUp(res));
  const { http } = client({ retry: { baseDelayMs: 10, maxRetries: 2 } });

  const res = await http.send({ method: 'POST', url: `${flaky.url}/put-like`, json: {}, idempotent: true });
  expect(res.status).toBe(201);
  expect(flaky.requests).toHaveLength(2);

  const error = (await http.send({ method: 'GET', url: `${broken.url}/down` }).catch((e: unknown) => e)) as HttpError;
  expect(broken.requests).toHaveLength(3);
  expect(error.message).toContain('UND_ERR_SOCKET (gave up after 3 attempts)');
  expect(error.exchange.attempts.map((a) => a.retryReason)).toEqual(['UND_ERR_SOCKET', 'UND_ERR_SOCKET', undefined]);
});

test.describe('planRateLimitRetry', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');

  test('reads Retry-After as an HTTP-date', () => {
    expect(planRateLimitRetry({ 'retry-after': 'Tue, 01 Jan 2030 00:00:02 GMT' }, '', DEFAULT_RETRY, now)).toEqual({ reason: '429, Retry-After Tue, 01 Jan 2030 00:00:02 GMT', waitMs: 2000 });
    expect(planRateLimitRetry({ 'retry-after': 'Mon, 31 Dec 2029 23:00:00 GMT' }, '', DEFAULT_RETRY, now).waitMs).toBe(0);
  });

  test('prefers the header to the body, reads retryAfter too, and ignores unusable hints', () => {
    expect(planRateLimitRetry({ 'retry-after': '2' }, '{"retry_after": 4}', DEFAULT_RETRY, now).waitMs).toBe(2000);
    expect(planRateLimitRetry({}, '{"retryAfter": "1.5"}', DEFAULT_RETRY, now)).toEqual({ reason: '429, retryAfter 1.5s in the body', waitMs: 1500 });
    expect(planRateLimitRetry({ 'retry-after': 'soon' }, '{"retry_after": -1}', DEFAULT_RETRY, now).waitMs).toBe(DEFAULT_RETRY.baseDelayMs);
  });
});

test('the default policy is 2 retries, a 5 s cap and a 200 ms base delay', () => {
  expect(DEFAULT_RETRY).toEqual({ maxRetries: 2, maxWaitMs: 5000, baseDelayMs: 200 });
});
