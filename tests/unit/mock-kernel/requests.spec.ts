/**
 * Request handling before the handler, in order: body size, content type, JSON parsing, then parameters and
 * body against the spec, each rejected with the provider's documented 400; and state untouched by all of them.
 */
import { expect, test } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { miniDefinition, parseRaw, rawExchange, routingDefinition, send, startMini, type MiniDefinition, type MiniState, type RoutingDefinition, type RoutingState } from './helpers';

const NEW_ITEM = { name: 'Morning walk', kind: 'walk', quantity: 3, contact: 'owner@example.test' };
const SMALL_LIMIT = 2048;

let def: MiniDefinition;
let mini: RunningMock<MiniState>;
let small: RunningMock<MiniState>;
let routing: RoutingDefinition;
let things: RunningMock<RoutingState>;

test.beforeAll(async () => {
  def = await miniDefinition();
  [mini, small] = await Promise.all([startMini(def), startMini(def, { maxBodyBytes: SMALL_LIMIT })]);
  routing = await routingDefinition();
  things = await startMock(routing, { validateResponses: true });
});
test.afterAll(async () => {
  await Promise.all([mini, small, things].map((m) => m?.close()));
});
test.beforeEach(() => {
  mini.reset();
  small.reset();
});
test.afterEach(() => {
  expect(mini.drift()).toEqual([]);
  expect(small.drift()).toEqual([]);
  expect(things.drift()).toEqual([]);
});

/** The details the kernel passed with its last rejection. */
const lastDetails = () => def.seen.errors.at(-1)!.details as { location: string; origin: string; errors?: { origin: string; errors: string[] }[] };
const handled = () => def.seen.requests.length;

test('a valid JSON body reaches the handler parsed, with its raw bytes', async () => {
  const res = await send(mini.baseUrl, 'POST', '/items', { json: NEW_ITEM });
  expect(res.status).toBe(201);
  const req = def.seen.requests.at(-1)!;
  expect(req.body).toEqual(NEW_ITEM);
  expect(req.rawBody.toString('utf8')).toBe(JSON.stringify(NEW_ITEM));
  expect(req.headers['content-type']).toBe('application/json');
});

test('malformed JSON is the provider\'s malformed_json rejection and the handler never runs', async () => {
  const before = handled();
  const res = await send(mini.baseUrl, 'POST', '/items', { body: '{"name": "walk",', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(400);
  expect(res.json).toEqual({ error: 'malformed_json', message: expect.stringContaining('not valid JSON') });
  expect(lastDetails()).toMatchObject({ location: '/v1/items', origin: 'body' });
  expect(handled()).toBe(before);
});

test('a body in a content type the operation does not document is unsupported_media_type', async () => {
  for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }]) {
    const res = await send(mini.baseUrl, 'POST', '/items', { body: JSON.stringify(NEW_ITEM), headers });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('unsupported_media_type');
    expect(res.json.message).toContain('accepts application/json');
  }
  const charset = await send(mini.baseUrl, 'POST', '/items', { body: JSON.stringify(NEW_ITEM), headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
  expect(charset.status).toBe(201);
});

test('a form-encoded operation takes its form and refuses JSON', async () => {
  const res = await send(things.baseUrl, 'POST', '/things', { body: 'name=desk', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.status).toBe(201);
  expect(res.json).toEqual({ id: 2, name: 'desk' });
  expect(routing.seen.requests.at(-1)!.body).toBeUndefined();
  const json = await send(things.baseUrl, 'POST', '/things', { json: { name: 'desk' } });
  expect(json.json).toMatchObject({ code: 'unsupported_media_type' });
});

test('a body over the limit is payload_too_large and the connection is closed', async () => {
  const before = handled();
  const res = await send(small.baseUrl, 'POST', '/items', { json: { ...NEW_ITEM, name: 'x'.repeat(SMALL_LIMIT) } });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ error: 'payload_too_large', message: expect.stringContaining(`${SMALL_LIMIT} bytes`) });
  expect(res.headers.connection).toBe('close');
  expect(handled()).toBe(before);
  expect((await send(small.baseUrl, 'POST', '/items', { json: NEW_ITEM })).status).toBe(201);
});

test('a body of many megabytes is refused by the default limit of 1 MiB', async () => {
  const res = await send(mini.baseUrl, 'POST', '/items', { body: Buffer.alloc(8 * 1024 * 1024, 0x20), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(400);
  expect(res.json.error).toBe('payload_too_large');
});

test('a chunked body without Content-Length is cut off at the limit too', async () => {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += chunk.length;
      if (sent > 4 * 1024 * 1024) controller.close();
      else controller.enqueue(chunk);
    },
  });
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' };
  const res = await fetch(`${mini.baseUrl}/items`, init as RequestInit);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toBe('payload_too_large');
});

test('query strings are coerced to the schema type before validation', async () => {
  expect((await send(mini.baseUrl, 'GET', '/items?limit=2&kinds=walk,run&since=2024-01-01T00:00:00Z')).status).toBe(200);
  expect((await send(mini.baseUrl, 'POST', '/items?dryRun=true', { json: NEW_ITEM })).status).toBe(201);
  expect(mini.state().items.size).toBe(3);
  expect((await send(mini.baseUrl, 'GET', '/items?limit=2&kinds=walk&kinds=run')).status).toBe(200);
});

test('invalid parameters are the documented 400 with readable diagnostics for each value', async () => {
  const cases: [string, string, string][] = [
    ['/items', 'query.limit', 'query.limit is required'],
    ['/items?limit=abc', 'query.limit', 'query.limit must be integer'],
    ['/items?limit=101', 'query.limit', 'query.limit must be <= 100'],
    ['/items?limit=1&limit=2', 'query.limit', 'query.limit must be given once'],
    ['/items?limit=1&kinds=walk,fly', 'query.kinds[1]', 'query.kinds[1] must be one of "walk", "run", "sleep"'],
    ['/items?limit=1&kind=', 'query.kind', 'query.kind must be one of "walk", "run", "sleep"'],
    ['/items?limit=1&since=yesterday', 'query.since', 'query.since must be a valid date-time'],
  ];
  const before = handled();
  for (const [path, origin, message] of cases) {
    const res = await send(mini.baseUrl, 'GET', path);
    expect(res.status, path).toBe(400);
    expect(res.json.error, path).toBe('invalid_request');
    expect(res.json.message, path).toContain(message);
    expect(lastDetails().errors, path).toEqual([{ origin, errors: [message] }]);
  }
  expect(handled()).toBe(before);
});

test('several problems are all reported, grouped by the value at fault', async () => {
  await send(mini.baseUrl, 'GET', '/items?limit=0&since=soon');
  expect(lastDetails().errors).toEqual([
    { origin: 'query.limit', errors: ['query.limit must be >= 1'] },
    { origin: 'query.since', errors: ['query.since must be a valid date-time'] },
  ]);
  expect(lastDetails().origin).toBe('query.limit');
});

test('an invalid body is the documented 400 naming each field', async () => {
  const cases: [unknown, string, string][] = [
    [{ ...NEW_ITEM, quantity: 'three' }, 'body.quantity', 'body.quantity must be integer'],
    [{ name: 'walk', kind: 'walk' }, 'body', 'body must have property "quantity"'],
    [{ ...NEW_ITEM, contact: 'nobody' }, 'body.contact', 'body.contact must be a valid email'],
    [[NEW_ITEM], 'body', 'body must be object'],
  ];
  for (const [body, origin, message] of cases) {
    const res = await send(mini.baseUrl, 'POST', '/items', { json: body });
    expect(res.status, message).toBe(400);
    expect(res.json.message, message).toContain(message);
    expect(lastDetails().errors, message).toEqual([{ origin, errors: [message] }]);
  }
  const empty = await send(mini.baseUrl, 'POST', '/items', { body: '', headers: { 'content-type': 'application/json' } });
  expect(empty.json).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('body is required') });
});

test('header and path parameters are validated too', async () => {
  const header = await send(things.baseUrl, 'GET', '/things/7', { headers: { 'X-Trace-Id': 'not-hex!' } });
  expect(header.status).toBe(400);
  expect(header.json.detail).toContain('header X-Trace-Id must match pattern');
  expect((await send(things.baseUrl, 'GET', '/things/7', { headers: { 'X-Trace-Id': '0a1b2c3d' } })).status).toBe(200);
  const path = await send(things.baseUrl, 'GET', '/things/0');
  expect(path.json.detail).toContain('path.thingId must be >= 1');
});

test('absurd header values never crash the mock and are answered in the provider error shape', async () => {
  const long = await send(mini.baseUrl, 'GET', '/items/it_1', { headers: { 'x-junk': 'y'.repeat(8000) } });
  expect(long.status).toBe(200);
  const huge = await send(mini.baseUrl, 'GET', '/items/it_1', { headers: { 'x-junk': 'y'.repeat(64 * 1024) } });
  expect(huge.status).toBe(400);
  expect(huge.json).toMatchObject({ error: 'invalid_request', message: 'The request headers are too large.' });
  const control = parseRaw(await rawExchange(mini, 'GET /v1/items/it_1 HTTP/1.1\r\nHost: x\r\nX-Junk: a\x01b\x7f\r\nConnection: close\r\n\r\n'));
  expect(control.status).toBe(400);
  const traced = await send(things.baseUrl, 'GET', '/things/7', { headers: { 'X-Trace-Id': 'ab'.repeat(3000) } });
  expect(traced.status).toBe(400);
  expect((await send(mini.baseUrl, 'GET', '/items/it_1')).status).toBe(200);
});

test('bad requests leave the state as it was', async () => {
  const before = structuredClone(mini.state());
  await send(mini.baseUrl, 'POST', '/items', { body: '{', headers: { 'content-type': 'application/json' } });
  await send(mini.baseUrl, 'POST', '/items', { json: { ...NEW_ITEM, quantity: -1 } });
  await send(mini.baseUrl, 'POST', '/items', { body: 'name=x', headers: { 'content-type': 'text/plain' } });
  await send(small.baseUrl, 'POST', '/items', { body: 'x'.repeat(SMALL_LIMIT * 2), headers: { 'content-type': 'application/json' } });
  await send(mini.baseUrl, 'DELETE', '/items/it_1?limit=oops', { headers: { 'x-junk': 'y'.repeat(64 * 1024) } });
  await send(mini.baseUrl, 'PATCH', '/items/it_1', { json: {} });
  expect(mini.state()).toEqual(before);
  expect((await send(mini.baseUrl, 'POST', '/items', { json: NEW_ITEM })).status).toBe(201);
  expect(mini.state()).not.toEqual(before);
});
