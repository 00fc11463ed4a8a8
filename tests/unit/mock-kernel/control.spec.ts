/** The control surface under /__control on the mock's own port (docs/ARCHITECTURE.md). */
import { expect, test } from '@playwright/test';
import { GENERIC } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { MockControl } from '../../../src/targets/mock-control';
import { miniDefinition, MINI_FAULTS, send, startMini, type MiniState } from './helpers';

const DAY = 24 * 3600;
let mock: RunningMock<MiniState>;

test.beforeAll(async () => {
  mock = await startMini(await miniDefinition());
});
test.afterAll(async () => {
  await mock?.close();
});
test.beforeEach(() => mock.reset());

const control = (method: string, name: string, json?: unknown) => send(mock.controlUrl, method, `/${name}`, { json });

test('the control URL sits on the same port as the API, outside its base path', () => {
  expect(new URL(mock.controlUrl).origin).toBe(new URL(mock.baseUrl).origin);
  expect(new URL(mock.controlUrl).pathname).toBe('/__control');
});

test('POST /__control/clock moves the clock forward by advanceSeconds', async () => {
  const before = mock.clock.now();
  const res = await control('POST', 'clock', { advanceSeconds: 2 * DAY });
  expect(res.status).toBe(200);
  expect(res.json.offsetSeconds).toBe(2 * DAY);
  expect(Date.parse(res.json.now) - before).toBeGreaterThanOrEqual(2 * DAY * 1000);
  expect(mock.clock.now() - before).toBeGreaterThanOrEqual(2 * DAY * 1000);
});

test('a clock call without a forward number of seconds is refused as {error, message}', async () => {
  for (const body of [{}, { advanceSeconds: -5 }, { advanceSeconds: '60' }, { advance: 60 }]) {
    const res = await control('POST', 'clock', body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.json, JSON.stringify(body)).toEqual({ error: 'invalid_request', message: expect.stringContaining('advanceSeconds') });
  }
  expect(mock.clock.offsetSeconds()).toBe(0);
});

test('GET /__control/faults lists every fault with what it breaks; POST switches exactly the named ones on', async () => {
  const listed = await control('GET', 'faults');
  const names = (listed.json.faults as { name: string }[]).map((f) => f.name);
  expect(names).toEqual(expect.arrayContaining([MINI_FAULTS.scoreOutOfRange, MINI_FAULTS.deleteIgnored, ...Object.values(GENERIC)]));
  expect(listed.json.faults).toContainEqual({ name: MINI_FAULTS.scoreOutOfRange, description: expect.any(String), breaks: ['GEN-SCHEMA'], enabled: false, operations: ['getItem'] });
  const on = await control('POST', 'faults', { enable: [MINI_FAULTS.scoreOutOfRange, GENERIC.missingHeader] });
  expect(on.json).toEqual({ enabled: [MINI_FAULTS.scoreOutOfRange, GENERIC.missingHeader] });
  expect((await send(mock.baseUrl, 'GET', '/items/it_1')).json.score).toBe(2);
  await control('POST', 'faults', { enable: [GENERIC.missingHeader] });
  expect((await send(mock.baseUrl, 'GET', '/items/it_1')).json.score).not.toBe(2);
});

test('an unknown fault name is refused and changes nothing', async () => {
  await control('POST', 'faults', { enable: [MINI_FAULTS.deleteIgnored] });
  const res = await control('POST', 'faults', { enable: ['mini.nope'] });
  expect(res.status).toBe(400);
  expect(res.json).toEqual({ error: 'unknown_fault', message: expect.stringContaining(MINI_FAULTS.scoreOutOfRange) });
  expect((await control('GET', 'faults')).json.enabled).toEqual([MINI_FAULTS.deleteIgnored]);
  expect((await control('POST', 'faults', { enable: 'mini.nope' })).json.error).toBe('invalid_request');
});

test('POST /__control/reset brings back the seeded state, the clock and no faults', async () => {
  const seeded = structuredClone(mock.state());
  await send(mock.baseUrl, 'DELETE', '/items/it_1');
  await control('POST', 'clock', { advanceSeconds: DAY });
  await control('POST', 'faults', { enable: [GENERIC.undocumentedStatus] });
  const res = await control('POST', 'reset');
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ reset: true, offsetSeconds: 0 });
  expect(mock.state()).toEqual(seeded);
  expect(mock.clock.offsetSeconds()).toBe(0);
  expect((await control('GET', 'faults')).json.enabled).toEqual([]);
  expect((await send(mock.baseUrl, 'GET', '/items/it_1')).status).toBe(200);
});

test('GET /__control/state shows the credentials and a summary of the state', async () => {
  await send(mock.baseUrl, 'POST', '/items', { json: { name: 'n', kind: 'run', quantity: 1 } });
  const res = await control('GET', 'state');
  expect(res.json).toEqual({
    provider: 'mini',
    environment: 'sandbox',
    basePath: '/v1',
    clock: { now: expect.any(String), offsetSeconds: 0 },
    faults: [],
    credentials: { MINI_API_KEY: 'mk_sandbox_mock_0001' },
    drift: mock.drift().length,
    summary: { items: 4, created: 1 },
  });
});

test('a provider action runs on the live state; one that fails is {error, message}', async () => {
  const res = await control('POST', 'add-item', { id: 'it_added' });
  expect(res.json).toEqual({ items: 4 });
  expect(mock.state().items.has('it_added')).toBe(true);
  expect((await send(mock.baseUrl, 'GET', '/items/it_added')).status).toBe(200);
  const failed = await control('POST', 'add-item', { id: 7 });
  expect(failed.status).toBe(400);
  expect(failed.json).toEqual({ error: 'action_failed', message: '/__control/add-item failed: add-item needs {"id": "<string>"}.' });
});

test('unknown endpoints, wrong methods and bad bodies are plain {error, message}', async () => {
  const unknown = await control('POST', 'rotate-key');
  expect(unknown.status).toBe(404);
  expect(unknown.json).toEqual({ error: 'not_found', message: expect.stringContaining('reset, clock, faults, state, add-item') });
  const wrong = await control('GET', 'reset');
  expect([wrong.status, wrong.headers.allow, wrong.json.error]).toEqual([405, 'POST', 'method_not_allowed']);
  expect((await control('DELETE', 'faults')).headers.allow).toBe('GET, POST');
  const malformed = await send(mock.controlUrl, 'POST', '/clock', { body: '{"advanceSeconds": ', headers: { 'content-type': 'application/json' } });
  expect([malformed.status, malformed.json.error]).toEqual([400, 'malformed_json']);
  const array = await control('POST', 'clock', [60]);
  expect(array.json.error).toBe('invalid_request');
  expect((await send(mock.controlUrl, 'GET', '')).status).toBe(404);
});

test('the suite\'s MockControl client drives the surface', async () => {
  const client = new MockControl(mock.controlUrl);
  await client.advanceClock(3600);
  expect(mock.clock.offsetSeconds()).toBe(3600);
  await client.enableFaults([MINI_FAULTS.deleteIgnored]);
  expect((await control('GET', 'faults')).json.enabled).toEqual([MINI_FAULTS.deleteIgnored]);
  expect(await client.action('add-item', { id: 'it_client' })).toEqual({ items: 4 });
  await client.reset();
  expect(mock.state().items.has('it_client')).toBe(false);
  await expect(client.action('no-such-action')).rejects.toThrow(/404/);
});
