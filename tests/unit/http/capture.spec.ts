/** Capture: what the client records of each exchange, and that a known or minted secret never reaches it. */
import { createHttpClient, defaultRedactor, REDACTED, type Exchange } from '../../../src/http';
import { expect, json, test } from './fixtures';

const KNOWN = 'mock-known-secret-0009';
const MINTED = 'mock-minted-account-token-0007';

/** Every form in which a secret could leak into a stored exchange. */
function leaks(exchange: Exchange, secret: string): string[] {
  const text = JSON.stringify(exchange);
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')];
  return forms.filter((f) => text.includes(f));
}

test('the exchange records method, URL, headers, body, status, response headers and timing', async ({ serve, client }) => {
  const server = await serve((_req, res) => setTimeout(() => json(res, 201, { id: 'item-1' }, { 'x-request-id': 'rq-1' }), 50));
  const { http, exchanges } = client({ baseUrl: `${server.url}/api/v1/`, defaultHeaders: { 'User-Agent': 'conformance-test' } });
  const before = Date.now();
  const res = await http.send({ method: 'post', url: '/items', query: { tag: ['a', 'b'], limit: 5, skip: undefined }, json: { name: 'one' }, label: 'create an item' });

  expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/items?tag=a&tag=b&limit=5', body: '{"name":"one"}' });
  expect(server.requests[0]?.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'conformance-test' });
  expect(res).toMatchObject({ status: 201, json: { id: 'item-1' }, bodyText: '{"id":"item-1"}' });
  expect(res.headers['x-request-id']).toBe('rq-1');

  const exchange = res.exchange;
  expect(exchanges).toEqual([exchange]);
  expect(exchange.label).toBe('create an item');
  expect(exchange.request).toEqual({
    method: 'POST',
    url: `${server.url}/api/v1/items?tag=a&tag=b&limit=5`,
    headers: { 'user-agent': 'conformance-test', 'content-type': 'application/json' },
    body: '{"name":"one"}',
  });
  expect(exchange.response).toMatchObject({ status: 201, body: '{"id":"item-1"}', headers: { 'content-type': 'application/json', 'x-request-id': 'rq-1' } });
  expect(Date.parse(exchange.startedAt)).toBeGreaterThanOrEqual(before - 5);
  expect(exchange.durationMs).toBeGreaterThanOrEqual(45);
  expect(res.durationMs).toBeGreaterThanOrEqual(45);
  expect(exchange.attempts).toHaveLength(1);
  expect(exchange.attempts[0]).toMatchObject({ attempt: 1, status: 201 });
  expect(exchange.attempts[0]?.durationMs).toBeGreaterThanOrEqual(45);
  expect(exchange.error).toBeUndefined();
});

test('a raw body and its content type are sent as given; a body that is not JSON gives json undefined', async ({ serve, client }) => {
  const server = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('pong');
  });
  const { http } = client();
  const res = await http.send({ method: 'PUT', url: `${server.url}/raw`, body: 'a=1', headers: { 'Content-Type': 'text/plain' } });
  expect(server.requests[0]).toMatchObject({ body: 'a=1', headers: { 'content-type': 'text/plain' } });
  expect(res).toMatchObject({ status: 200, bodyText: 'pong', json: undefined });
  expect(res.exchange.request.body).toBe('a=1');
});

test('a known secret sent in a header, the query and the body, and echoed back, never reaches the exchange', async ({ serve, client }) => {
  const server = await serve((req, res) => json(res, 200, { echo: req.body, url: req.url }, { 'x-echo': KNOWN, 'x-echo-b64': Buffer.from(KNOWN).toString('base64') }));
  const { http, redactor } = client();
  redactor.addSecret(KNOWN);
  const res = await http.send({ method: 'POST', url: `${server.url}/echo`, query: { q: KNOWN }, headers: { 'X-Custom': `v=${KNOWN}`, 'X-Api-Key': KNOWN }, json: { note: KNOWN } });

  expect(res.bodyText, 'the caller gets the real response').toContain(KNOWN);
  expect(leaks(res.exchange, KNOWN)).toEqual([]);
  expect(res.exchange.request.headers).toMatchObject({ 'x-custom': `v=${REDACTED}`, 'x-api-key': REDACTED });
  expect(res.exchange.request.url).toBe(`${server.url}/echo?q=${REDACTED}`);
  expect(res.exchange.response?.headers).toMatchObject({ 'x-echo': REDACTED, 'x-echo-b64': REDACTED });
});

test('a token minted by a response is redacted in its own exchange and in every later one', async ({ serve, client }) => {
  const server = await serve((req, res, index) =>
    index === 0 ? json(res, 200, { accountToken: MINTED, tokenType: 'account', expiresIn: 86400, note: `issued ${MINTED}` }) : json(res, 200, { seen: req.headers.authorization, noted: MINTED }),
  );
  const { http, redactor } = client();
  const minted = await http.send({ method: 'POST', url: `${server.url}/oauth/account/token`, json: { clientId: 'mock-client-id' } });
  expect((minted.json as { accountToken: string }).accountToken).toBe(MINTED);
  expect(JSON.parse(minted.exchange.response!.body!)).toEqual({ accountToken: REDACTED, tokenType: 'account', expiresIn: 86400, note: `issued ${REDACTED}` });

  const used = await http.send({ method: 'GET', url: `${server.url}/account`, headers: { Authorization: `account ${MINTED}`, 'X-Trace': MINTED } });
  expect(server.requests[1]?.headers.authorization).toBe(`account ${MINTED}`);
  expect(leaks(minted.exchange, MINTED)).toEqual([]);
  expect(leaks(used.exchange, MINTED)).toEqual([]);
  expect(used.exchange.request.headers).toMatchObject({ authorization: `account ${REDACTED}`, 'x-trace': REDACTED });
  expect(redactor.redactText(`token ${MINTED}`)).toBe(`token ${REDACTED}`);
});

test('a client made without a redactor uses the process-wide defaultRedactor', async ({ serve }) => {
  const secret = 'mock-default-redactor-secret-0010';
  const server = await serve((_req, res) => json(res, 200, { note: secret }));
  defaultRedactor.addSecret(secret);
  const http = createHttpClient();
  try {
    const res = await http.send({ method: 'GET', url: `${server.url}/x` });
    expect(res.exchange.response?.body).toBe(`{"note":"${REDACTED}"}`);
  } finally {
    await http.close();
  }
});

test('a 204 that announces a body is an answer to judge, not a failed request: status and headers are kept', async ({ serve, client }) => {
  // Written to the socket by hand: Node's server would drop the body of a 204.
  const server = await serve((_req, res) => {
    res.socket!.end('HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  });
  const { http, exchanges } = client();
  const res = await http.send({ method: 'DELETE', url: `${server.url}/things/1` });
  expect(res.status).toBe(204);
  expect(res.headers['content-length']).toBe('2');
  expect(res.headers['content-type']).toBe('application/json');
  expect(exchanges).toHaveLength(1);
  expect(exchanges[0]!.response).toMatchObject({ status: 204, headers: { 'content-length': '2' } });
  expect(exchanges[0]!.error).toBeUndefined();
});
