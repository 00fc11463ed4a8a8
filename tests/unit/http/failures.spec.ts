/** Requests that get no response: timeouts, an unreachable target, and requests that cannot be built. */
import { ConformanceError } from '../../../src/errors';
import { HttpError, REDACTED } from '../../../src/http';
import { closedPort, expect, json, test } from './fixtures';

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

test('a response slower than the timeout fails with REQUEST_TIMEOUT naming the URL and the limit, without a retry', async ({ serve, client }) => {
  const server = await serve((_req, res) => setTimeout(() => json(res, 200, {}), 3000));
  const { http, exchanges } = client({ timeoutMs: 300 });
  const started = performance.now();
  const error = await failure(http.send({ method: 'GET', url: `${server.url}/slow` }));
  const elapsed = performance.now() - started;

  expect(error.code).toBe('REQUEST_TIMEOUT');
  expect(error.message).toBe(`GET ${server.url}/slow got no complete response within 300 ms (the request timeout). Check that the target is responsive, or raise the client's timeoutMs.`);
  expect(elapsed).toBeGreaterThanOrEqual(280);
  expect(elapsed).toBeLessThan(2500);
  expect(server.requests).toHaveLength(1);
  expect(error.exchange.attempts).toEqual([expect.objectContaining({ attempt: 1, error: { code: 'REQUEST_TIMEOUT', message: 'No complete response within 300 ms.' } })]);
  expect(exchanges).toEqual([error.exchange]);
});

test('a per-request timeout overrides the client timeout, and it also bounds a body that stalls', async ({ serve, client }) => {
  const server = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
  });
  const { http } = client({ timeoutMs: 10_000 });
  const started = performance.now();
  const error = await failure(http.send({ method: 'GET', url: `${server.url}/stall`, timeoutMs: 250 }));
  expect(error.code).toBe('REQUEST_TIMEOUT');
  expect(error.message).toContain('within 250 ms');
  expect(performance.now() - started).toBeLessThan(2500);
  expect(error.exchange.response).toBeUndefined();
});

test('an unreachable target fails fast with TARGET_UNREACHABLE naming host:port, and the URL redacted', async ({ client }) => {
  const port = await closedPort();
  const { http } = client();
  const started = performance.now();
  const error = await failure(http.send({ method: 'GET', url: `http://127.0.0.1:${port}/v1/items?api_key=mock-query-key` }));

  expect(performance.now() - started).toBeLessThan(1500);
  expect(error.code).toBe('TARGET_UNREACHABLE');
  expect(error.exitCode).toBe(2);
  expect(error.message).toBe(
    `Could not reach 127.0.0.1:${port} for GET http://127.0.0.1:${port}/v1/items?api_key=${REDACTED}: ECONNREFUSED. Check that the target is running and its base URL is right.`,
  );
  expect(error.exchange.attempts).toHaveLength(1);
  expect(error.exchange.attempts[0]?.error?.code).toBe('ECONNREFUSED');
  expect(JSON.stringify(error.exchange)).not.toContain('mock-query-key');
});

test('a header value undici refuses fails with BAD_ARGUMENTS and the exchange, before any byte is sent', async ({ serve, client }) => {
  const server = await serve((_req, res) => json(res, 200, {}));
  const { http } = client();
  const error = await failure(http.send({ method: 'GET', url: `${server.url}/x`, headers: { 'x-bad': 'line\nbreak' } }));
  expect(error.code).toBe('BAD_ARGUMENTS');
  expect(error.message).toMatch(new RegExp(`^GET ${server.url}/x could not be sent \\(UND_ERR_INVALID_ARG: .+\\)\\. Fix the request's method, headers or body\\.$`));
  expect(server.requests).toHaveLength(0);
  expect(error.exchange.attempts).toHaveLength(1);
});

test('a relative URL without a baseUrl, or both json and body, is refused before anything is sent', async ({ client }) => {
  const { http, exchanges } = client();
  const relative = await http.send({ method: 'GET', url: '/items?token=mock-token-value' }).catch((e: unknown) => e);
  expect(relative).toBeInstanceOf(ConformanceError);
  expect(relative).toMatchObject({ code: 'BAD_ARGUMENTS', message: `The request URL /items?token=${REDACTED} is relative and the HTTP client has no baseUrl. Pass an absolute URL or set baseUrl.` });

  const both = await http.send({ method: 'POST', url: 'http://127.0.0.1:9/x', json: {}, body: 'x' }).catch((e: unknown) => e);
  expect(both).toMatchObject({ code: 'BAD_ARGUMENTS', message: 'POST http://127.0.0.1:9/x was given both json and body. Pass one of them.' });

  const invalid = await http.send({ method: 'GET', url: 'http://127.0.0.1:bad-port/x' }).catch((e: unknown) => e);
  expect(invalid).toMatchObject({ code: 'BAD_ARGUMENTS', message: 'The request URL http://127.0.0.1:bad-port/x is not a valid URL. Fix the base URL or the path.' });
  expect(exchanges).toEqual([]);
});
