/** Routing derived from the spec: base path per environment, path templates, 404 and 405 in the provider's shape. */
import { expect, test } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { miniDefinition, routingDefinition, send, startMini, type MiniDefinition, type MiniState, type RoutingDefinition, type RoutingState } from './helpers';

let def: MiniDefinition;
let mini: RunningMock<MiniState>;
let routing: RoutingDefinition;
let sandbox: RunningMock<RoutingState>;
let production: RunningMock<RoutingState>;

test.beforeAll(async () => {
  def = await miniDefinition();
  mini = await startMini(def);
  routing = await routingDefinition();
  [sandbox, production] = await Promise.all(['sandbox', 'production'].map((environment) => startMock(routing, { environment, validateResponses: true })));
});
test.afterAll(async () => {
  await Promise.all([mini, sandbox, production].map((m) => m?.close()));
});

test('the base URL carries the path of the spec server and a path template routes with its parameters', async () => {
  expect(new URL(mini.baseUrl).pathname).toBe('/v1');
  const res = await send(mini.baseUrl, 'GET', '/items/it_2');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ id: 'it_2' });
  const req = def.seen.requests.at(-1)!;
  expect(req.op.operationId).toBe('getItem');
  expect(req.path).toBe('/items/it_2');
  expect(req.pathParams).toEqual({ id: 'it_2' });
});

test('path parameters arrive percent-decoded', async () => {
  await send(mini.baseUrl, 'GET', '/items/it%20%C3%A9%2F1');
  expect(def.seen.requests.at(-1)!.pathParams).toEqual({ id: 'it é/1' });
});

test('each environment serves the path of its own server', async () => {
  expect(new URL(sandbox.baseUrl).pathname).toBe('/sandbox/v2');
  expect(new URL(production.baseUrl).pathname).toBe('/v2');
  expect((await send(sandbox.baseUrl, 'GET', '/things/7')).json).toEqual({ id: 7, name: 'lamp' });
  expect((await send(production.baseUrl, 'GET', '/things/7')).json).toEqual({ id: 7, name: 'lamp' });
  const crossed = await send(new URL(sandbox.baseUrl).origin, 'GET', '/v2/things/7');
  expect(crossed.status).toBe(404);
});

test('an environment the spec has no server for falls back to the first server', async () => {
  const staging = await startMock(routing, { environment: 'staging' });
  try {
    expect(new URL(staging.baseUrl).pathname).toBe('/v2');
    expect(staging.environment).toBe('staging');
  } finally {
    await staging.close();
  }
});

test('a literal path segment wins over a templated one', async () => {
  const res = await send(sandbox.baseUrl, 'GET', '/things/search?q=la');
  expect(res.status).toBe(200);
  expect(routing.seen.requests.at(-1)!.op.operationId).toBe('searchThings');
  expect(res.json).toEqual([{ id: 7, name: 'lamp' }]);
});

test('a method only the templated path has is routed there (and validated as its parameter)', async () => {
  const res = await send(sandbox.baseUrl, 'DELETE', '/things/search');
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ code: 'invalid_request' });
  expect(res.json.detail).toContain('path.thingId must be integer');
  expect((await send(sandbox.baseUrl, 'DELETE', '/things/7')).status).toBe(204);
});

test('an unknown path under the base path is the provider\'s not_found', async () => {
  const res = await send(mini.baseUrl, 'GET', '/widgets/1');
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.json).toEqual({ error: 'not_found', message: expect.stringContaining('GET /v1/widgets/1') });
  expect(def.seen.errors.at(-1)!.details).toMatchObject({ location: '/v1/widgets/1', origin: 'path' });
});

test('everything outside the base path and /__control is not_found in the provider\'s shape', async () => {
  const origin = new URL(mini.baseUrl).origin;
  for (const path of ['/', '/v2/items', '/v1x/items', '/__controller', '/favicon.ico']) {
    const res = await send(origin, 'GET', path);
    expect(res.status, path).toBe(404);
    expect(res.json, path).toMatchObject({ error: 'not_found' });
  }
  const routingShape = await send(new URL(sandbox.baseUrl).origin, 'GET', '/elsewhere');
  expect(routingShape.json).toMatchObject({ code: 'not_found', detail: expect.any(String) });
});

test('a documented path with an undocumented method is method_not_allowed with an Allow header', async () => {
  const res = await send(mini.baseUrl, 'PUT', '/items/it_1', { json: {} });
  expect(res.status).toBe(405);
  expect(res.headers.allow?.split(', ').sort()).toEqual(['DELETE', 'GET']);
  expect(res.json).toMatchObject({ error: 'method_not_allowed' });
  expect((await send(mini.baseUrl, 'POST', '/health')).headers.allow).toBe('GET');
});

test('a path with broken percent-encoding is not_found, not a crash', async () => {
  const res = await send(mini.baseUrl, 'GET', '/items/%E0%A4%A');
  expect(res.status).toBe(404);
  expect(mini.drift()).toEqual([]);
});

test('a trailing slash reaches the same operation', async () => {
  expect((await send(mini.baseUrl, 'GET', '/items/it_1/')).status).toBe(200);
});
