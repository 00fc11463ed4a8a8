/**
 * What the kernel does around handlers: refuses a definition that does not cover the spec, turns a throw into
 * the provider's 400 (never a 5xx) and records it, validates responses into drift, and serialises answers.
 */
import { expect, test } from '@playwright/test';
import { createClock, createMockListener, startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { ConformanceError } from '../../../src/errors';
import { miniDefinition, send, startMini, type MiniState } from './helpers';

const running: RunningMock<unknown>[] = [];
async function start(...args: Parameters<typeof startMini>): Promise<RunningMock<MiniState>> {
  const mock = await startMini(...args);
  running.push(mock as RunningMock<unknown>);
  return mock;
}
test.afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()));
});

test('startMock refuses a definition without a handler for an operation, naming it', async () => {
  const def = await miniDefinition({ handlers: { getHealth: undefined } });
  const err = await startMock(def).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConformanceError);
  expect((err as Error).message).toContain('getHealth (GET /health)');
  expect(() => createMockListener(def)).toThrow(/getHealth/);
});

test('startMock refuses handlers for operations the spec does not define', async () => {
  const def = await miniDefinition({ handlers: { getItems: () => ({ status: 200 }) } });
  await expect(startMock(def)).rejects.toThrow(/handlers for getItems, which the spec does not define/);
});

test('a handler that throws is answered with the provider\'s invalid_request, logged and recorded as drift', async () => {
  const lines: string[] = [];
  const def = await miniDefinition({
    handlers: {
      getItem: () => {
        throw new Error('mock handler exploded');
      },
    },
  });
  const mock = await start(def, { log: (line) => lines.push(line) });
  const res = await send(mock.baseUrl, 'GET', '/items/it_1');
  expect(res.status).toBe(400);
  expect(res.json).toEqual({ error: 'invalid_request', message: expect.stringContaining('mock handler exploded') });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('getItem');
  expect(lines[0]).toContain('mock handler exploded');
  expect(mock.drift()).toContainEqual({ operationId: 'getItem', status: 400, messages: ['The handler threw: mock handler exploded'] });
  expect((await send(mock.baseUrl, 'GET', '/items?limit=1')).status).toBe(200);
});

test('async rejections, unserialisable bodies, bad headers and bad statuses are handled like a throw', async () => {
  const def = await miniDefinition({
    handlers: {
      getItem: async () => Promise.reject(new Error('async failure')),
      listItems: () => ({ status: 200, body: { big: 10n } }),
      deleteItem: () => ({ status: 204, headers: { 'x-bad': 'line\nbreak' } }),
      getHealth: () => ({ status: 1000 }),
    },
  });
  const mock = await start(def);
  const answers = await Promise.all([
    send(mock.baseUrl, 'GET', '/items/it_1'),
    send(mock.baseUrl, 'GET', '/items?limit=1'),
    send(mock.baseUrl, 'DELETE', '/items/it_1'),
    send(mock.baseUrl, 'GET', '/health'),
  ]);
  expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
  expect(answers.every((a) => a.json?.error === 'invalid_request')).toBe(true);
  const crashes = mock.drift().filter((d) => d.messages[0]?.startsWith('The handler threw'));
  expect(crashes.map((d) => d.operationId).sort()).toEqual(['deleteItem', 'getHealth', 'getItem', 'listItems']);
});

test('responses that break the spec are recorded as drift with the failed checks', async () => {
  const def = await miniDefinition({ handlers: { getItem: () => ({ status: 200, body: { id: 42, score: 0.5 } }), getHealth: () => ({ status: 203, body: { ok: true } }) } });
  const mock = await start(def);
  await send(mock.baseUrl, 'GET', '/items/it_1');
  await send(mock.baseUrl, 'GET', '/health');
  const drift = mock.drift();
  expect(drift).toHaveLength(2);
  expect(drift[0]).toMatchObject({ operationId: 'getItem', status: 200 });
  expect(drift[0]!.messages.join('\n')).toContain('GEN-SCHEMA');
  expect(drift[0]!.messages.join('\n')).toContain('body.id must be string');
  expect(drift[1]).toMatchObject({ operationId: 'getHealth', status: 203 });
  expect(drift[1]!.messages.join('\n')).toMatch(/GEN-CTYPE|GEN-SCHEMA/);
});

test('without validateResponses nothing is recorded', async () => {
  const def = await miniDefinition({ handlers: { getItem: () => ({ status: 200, body: { id: 42 } }) } });
  const mock = await start(def, { validateResponses: false });
  expect((await send(mock.baseUrl, 'GET', '/items/it_1')).json).toEqual({ id: 42 });
  expect(mock.drift()).toEqual([]);
});

test('JSON answers are application/json, raw answers keep their type, 204 has no body', async () => {
  const mock = await start(await miniDefinition());
  const json = await send(mock.baseUrl, 'GET', '/items/it_1');
  expect(json.headers['content-type']).toBe('application/json');
  expect(Number(json.headers['content-length'])).toBe(Buffer.byteLength(json.text));
  const raw = await send(mock.baseUrl, 'GET', '/health');
  expect([raw.headers['content-type'], raw.text]).toEqual(['text/plain', 'ok']);
  const empty = await send(mock.baseUrl, 'DELETE', '/items/it_1');
  expect([empty.status, empty.text, empty.headers['content-type']]).toEqual([204, '', undefined]);
  const created = await send(mock.baseUrl, 'POST', '/items', { json: { name: 'n', kind: 'run', quantity: 1 } });
  expect(created.headers.location).toBe(`https://sandbox.mini.test/v1/items/${created.json.id}`);
  expect(mock.drift()).toEqual([]);
});

test('state is created from the seed: the same seed gives the same state, another seed another', async () => {
  const def = await miniDefinition();
  const [a, b, c] = await Promise.all([start(def), start(def, { seed: 1 }), start(def, { seed: 2 })]);
  expect(a.state()).toEqual(b.state());
  expect(a.state().seed).toBe(1);
  expect(c.state()).not.toEqual(a.state());
});

test('handlers read time from ctx.clock, which the mock clock moves', async () => {
  const mock = await start(await miniDefinition());
  const before = Date.parse((await send(mock.baseUrl, 'POST', '/items', { json: { name: 'n', kind: 'run', quantity: 1 } })).json.createdAt);
  mock.clock.advance(3 * 24 * 3600);
  const after = Date.parse((await send(mock.baseUrl, 'POST', '/items', { json: { name: 'n', kind: 'run', quantity: 1 } })).json.createdAt);
  expect(after - before).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
  expect(after - before).toBeLessThan(3 * 24 * 3600 * 1000 + 60_000);
});

test('the clock moves forward only and resets to real time', () => {
  let real = 1_000_000;
  const clock = createClock(() => real);
  clock.advance(90);
  expect(clock.now()).toBe(1_090_000);
  expect(clock.nowDate().getTime()).toBe(1_090_000);
  expect(clock.offsetSeconds()).toBe(90);
  real += 5;
  expect(clock.now()).toBe(1_090_005);
  expect(() => clock.advance(-1)).toThrow(RangeError);
  expect(() => clock.advance(Number.NaN)).toThrow(/only moves forward/);
  clock.reset();
  expect(clock.now()).toBe(real);
});

test('the listener alone serves a node:http server', async () => {
  const { createServer } = await import('node:http');
  const server = createServer(createMockListener(await miniDefinition()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as { port: number };
    const res = await send(`http://127.0.0.1:${port}/v1`, 'GET', '/items/it_3');
    expect(res.json).toMatchObject({ id: 'it_3' });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
