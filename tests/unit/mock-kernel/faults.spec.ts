/**
 * Fault modifiers: every generic fault makes exactly the checks it names fail (shown with the real checks on
 * the answers), provider faults are listed and scoped, and unknown names are refused.
 */
import { expect, test } from '@playwright/test';
import { GENERIC, GENERIC_FAULTS, startMock } from '../../../mocks/kernel';
import type { RunningMock } from '../../../mocks/kernel/types';
import { checkAuthRejected, checkNegativeRejected, checkUnknownResource, runChecks, type CheckContext, type CheckId, type ObservedResponse } from '../../../src/checks';
import { ConformanceError } from '../../../src/errors';
import { miniDefinition, MINI_FAULTS, parseRaw, rawExchange, send, startMini, type Answer, type MiniDefinition, type MiniState } from './helpers';

const NEW_ITEM = { name: 'Morning walk', kind: 'walk', quantity: 3 };
const API_KEY = { 'x-api-key': 'mk_sandbox_mock_0001' };

let def: MiniDefinition;
let mock: RunningMock<MiniState>;

test.beforeAll(async () => {
  def = await miniDefinition({
    handlers: {
      getItem: (ctx) => {
        if (ctx.req.headers['x-api-key'] === undefined) return ctx.error(401, 'invalid_token', 'No API key.');
        const item = ctx.state.items.get(ctx.req.pathParams.id ?? '');
        return item ? { status: 200, body: item } : ctx.error(404, 'not_found', 'No such item.');
      },
    },
  });
  mock = await startMini(def);
});
test.afterAll(async () => {
  await mock?.close();
});
test.beforeEach(() => mock.reset());

interface Call {
  operationId: string;
  method: string;
  path: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

const observed = (a: Answer): ObservedResponse => ({ status: a.status, headers: a.headers, bodyText: a.text, json: a.json });

function context(call: Call, response: ObservedResponse): CheckContext {
  return { spec: def.spec, op: def.spec.operation(call.operationId), request: { method: call.method, url: mock.baseUrl + call.path }, response, strict: true };
}

async function exchange(call: Call): Promise<CheckContext> {
  const answer = await send(mock.baseUrl, call.method, call.path, { json: call.json, body: call.body, headers: call.headers });
  return context(call, observed(answer));
}

/** The response checks that fail on the answers to these calls. */
async function failingChecks(calls: Call[]): Promise<CheckId[]> {
  const failed = new Set<CheckId>();
  for (const call of calls) for (const f of runChecks(await exchange(call))) failed.add(f.check);
  return [...failed].sort();
}

const getItem: Call = { operationId: 'getItem', method: 'GET', path: '/items/it_1', headers: API_KEY };
const listItems: Call = { operationId: 'listItems', method: 'GET', path: '/items?limit=2' };
const createItem: Call = { operationId: 'createItem', method: 'POST', path: '/items', json: NEW_ITEM };
const health: Call = { operationId: 'getHealth', method: 'GET', path: '/health' };

/** The calls whose answers each response-rewriting fault changes. */
const RESPONSE_FAULT_CALLS: Record<string, Call[]> = {
  [GENERIC.undocumentedStatus]: [getItem, createItem],
  [GENERIC.wrongContentType]: [getItem, listItems, health],
  [GENERIC.dropRequiredField]: [getItem, listItems],
  [GENERIC.retypeField]: [getItem, listItems],
  [GENERIC.undeclaredField]: [getItem, listItems, createItem],
  [GENERIC.missingHeader]: [listItems, createItem],
};

test('the generic faults are exactly the ten documented ones, each breaking named checks', () => {
  expect(GENERIC_FAULTS.map((f) => f.name).sort()).toEqual(Object.values(GENERIC).sort());
  for (const f of GENERIC_FAULTS) {
    expect(f.breaks.length, f.name).toBeGreaterThan(0);
    for (const id of f.breaks) expect(id, f.name).toMatch(/^GEN-[A-Z]+$/);
  }
});

for (const [name, calls] of Object.entries(RESPONSE_FAULT_CALLS)) {
  test(`${name} makes exactly the checks it breaks fail`, async () => {
    const breaks = GENERIC_FAULTS.find((f) => f.name === name)!.breaks;
    expect(await failingChecks(calls)).toEqual([]);
    mock.enableFaults([name]);
    expect(await failingChecks(calls)).toEqual([...breaks].sort());
    mock.enableFaults([]);
    expect(await failingChecks(calls)).toEqual([]);
  });
}

test('generic faults edit a copy of the answer, never the mock\'s state', async () => {
  mock.enableFaults([GENERIC.dropRequiredField, GENERIC.undeclaredField]);
  const res = await send(mock.baseUrl, 'GET', '/items/it_1', { headers: API_KEY });
  expect(res.json).toEqual({ score: expect.any(Number), createdAt: '2024-01-15T10:30:00Z', x_undeclared: true });
  expect(mock.state().items.get('it_1')).toMatchObject({ id: 'it_1' });
  expect(mock.state().items.get('it_1')).not.toHaveProperty('x_undeclared');
});

test(`${GENERIC.bodyOn204} sends a body on 204 byte for byte, which GEN-CTYPE reports`, async () => {
  const request = 'DELETE /v1/items/it_1 HTTP/1.1\r\nHost: mock\r\n\r\n';
  const clean = parseRaw(await rawExchange(mock, request.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n')));
  expect([clean.status, clean.body]).toEqual([204, '']);
  mock.enableFaults([GENERIC.bodyOn204]);
  const broken = parseRaw(await rawExchange(mock, request.replace('it_1', 'it_2')));
  expect([broken.status, broken.body, broken.headers['content-type'], broken.headers.connection]).toEqual([204, '{}', 'application/json', 'close']);
  const call: Call = { operationId: 'deleteItem', method: 'DELETE', path: '/items/it_2' };
  const failures = runChecks(context(call, { status: broken.status, headers: broken.headers, bodyText: broken.body, json: {} }));
  expect(failures.map((f) => f.check)).toEqual(['GEN-CTYPE']);
  const viaFetch = await send(mock.baseUrl, 'DELETE', '/items/it_3');
  expect([viaFetch.status, viaFetch.headers['content-length']]).toEqual([204, '2']);
  expect(mock.state().items.size).toBe(0);
  expect((await send(mock.baseUrl, 'GET', '/items?limit=1')).status).toBe(200);
});

test(`${GENERIC.acceptInvalidRequest} answers invalid requests from the handler, which GEN-NEGATIVE reports`, async () => {
  const invalid: Call[] = [
    { operationId: 'listItems', method: 'GET', path: '/items?limit=abc' },
    { operationId: 'createItem', method: 'POST', path: '/items', json: { ...NEW_ITEM, quantity: 'three' } },
    { operationId: 'createItem', method: 'POST', path: '/items', body: '{"mock": ', headers: { 'content-type': 'application/json' } },
    { operationId: 'createItem', method: 'POST', path: '/items', body: 'name=x', headers: { 'content-type': 'text/plain' } },
  ];
  for (const call of invalid) expect(checkNegativeRejected(await exchange(call)), call.path).toEqual([]);
  mock.enableFaults([GENERIC.acceptInvalidRequest]);
  for (const call of invalid) {
    const ctx = await exchange(call);
    expect(ctx.response.status, JSON.stringify(call)).toBeLessThan(300);
    expect(checkNegativeRejected(ctx).map((f) => f.check), JSON.stringify(call)).toEqual(['GEN-NEGATIVE']);
  }
  expect(def.seen.requests.at(-1)!.body).toBeUndefined();
  const valid = await exchange(createItem);
  expect(runChecks(valid)).toEqual([]);
});

test(`${GENERIC.acceptInvalidRequest} sends the documented success example where the handler refuses`, async () => {
  const strict = await miniDefinition({ handlers: { createItem: (ctx) => ctx.error(422, 'unprocessable', 'No.') } });
  const other = await startMini(strict);
  try {
    other.enableFaults([GENERIC.acceptInvalidRequest]);
    const res = await send(other.baseUrl, 'POST', '/items', { json: { quantity: 'three' } });
    expect([res.status, res.json]).toEqual([201, { id: 'it_2', score: null, createdAt: '2024-01-15T07:30:00Z' }]);
    const valid = await send(other.baseUrl, 'POST', '/items', { json: NEW_ITEM });
    expect(valid.status).toBe(422);
  } finally {
    await other.close();
  }
});

test(`${GENERIC.errorShapeChanged} rewrites 4xx bodies, which GEN-AUTH and GEN-NEGATIVE report, and leaves 2xx alone`, async () => {
  const noKey: Call = { operationId: 'getItem', method: 'GET', path: '/items/it_1' };
  const invalid: Call = { operationId: 'createItem', method: 'POST', path: '/items', json: { ...NEW_ITEM, quantity: 0 } };
  expect(checkAuthRejected(await exchange(noKey))).toEqual([]);
  expect(checkNegativeRejected(await exchange(invalid))).toEqual([]);
  mock.enableFaults([GENERIC.errorShapeChanged]);
  const auth = await exchange(noKey);
  expect(auth.response.json).toEqual({ oops: 'No API key.' });
  expect(checkAuthRejected(auth).map((f) => f.check)).toEqual(['GEN-AUTH']);
  const negative = await exchange(invalid);
  expect(negative.response.json).toEqual({ oops: expect.stringContaining('body.quantity must be >= 1') });
  expect(checkNegativeRejected(negative).map((f) => f.check)).toEqual(['GEN-NEGATIVE']);
  expect(runChecks(await exchange(getItem))).toEqual([]);
});

test(`${GENERIC.unknownResourceServed} answers an id of nothing with the success example, which GEN-NEGATIVE reports`, async () => {
  const unknown: Call = { operationId: 'getItem', method: 'GET', path: '/items/it_10unknown', headers: API_KEY };
  const before = await exchange(unknown);
  expect([before.response.status, checkUnknownResource(before)]).toEqual([404, []]);
  mock.enableFaults([GENERIC.unknownResourceServed]);
  const served = await exchange(unknown);
  expect(served.response.status).toBe(200);
  expect(checkUnknownResource(served).map((f) => f.check)).toEqual(['GEN-NEGATIVE']);
  expect(runChecks(await exchange(getItem))).toEqual([]);
});

test('the drift record shows what a fault broke', async () => {
  const before = mock.drift().length;
  mock.enableFaults([GENERIC.undocumentedStatus]);
  await send(mock.baseUrl, 'GET', '/items/it_1', { headers: API_KEY });
  const entries = mock.drift().slice(before);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ operationId: 'getItem', status: 418 });
  expect(entries[0]!.messages[0]).toMatch(/^GEN-STATUS/);
});

test('a provider fault transform applies only to the operations it names', async () => {
  mock.enableFaults([MINI_FAULTS.scoreOutOfRange]);
  expect((await send(mock.baseUrl, 'GET', '/items/it_1', { headers: API_KEY })).json.score).toBe(2);
  const list = await send(mock.baseUrl, 'GET', '/items?limit=3');
  expect(list.json.map((i: { score: number }) => i.score)).not.toContain(2);
});

test('a provider fault without a transform is read by the handler through ctx.faults', async () => {
  mock.enableFaults([MINI_FAULTS.deleteIgnored]);
  expect((await send(mock.baseUrl, 'DELETE', '/items/it_1')).status).toBe(204);
  expect(mock.state().items.has('it_1')).toBe(true);
  mock.enableFaults([]);
  expect((await send(mock.baseUrl, 'DELETE', '/items/it_1')).status).toBe(204);
  expect(mock.state().items.has('it_1')).toBe(false);
});

test('enabling faults switches exactly those on; an unknown name is refused with the known ones listed', async () => {
  mock.enableFaults([GENERIC.undocumentedStatus, MINI_FAULTS.deleteIgnored]);
  mock.enableFaults([MINI_FAULTS.deleteIgnored]);
  expect((await send(mock.baseUrl, 'GET', '/items/it_1', { headers: API_KEY })).status).toBe(200);
  let err: unknown;
  try {
    mock.enableFaults(['generic.no-such-fault']);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConformanceError);
  expect((err as Error).message).toContain('"generic.no-such-fault"');
  expect((err as Error).message).toContain(MINI_FAULTS.scoreOutOfRange);
  expect((err as Error).message).toContain(GENERIC.retypeField);
  expect((await send(mock.controlUrl, 'GET', '/faults')).json.enabled).toEqual([MINI_FAULTS.deleteIgnored]);
});

test('a provider adds its own IDs to what a generic fault breaks; a wrong name or a duplicate fault is refused', async () => {
  const extra = await miniDefinition({ genericFaultBreaks: { [GENERIC.errorShapeChanged]: ['MINI-ERR-1'] } });
  const withIds = await startMini(extra);
  try {
    const listed = (await send(withIds.controlUrl, 'GET', '/faults')).json.faults as { name: string; breaks: string[] }[];
    expect(listed.find((f) => f.name === GENERIC.errorShapeChanged)!.breaks).toEqual(['GEN-AUTH', 'GEN-NEGATIVE', 'MINI-ERR-1']);
    expect(GENERIC_FAULTS.find((f) => f.name === GENERIC.errorShapeChanged)!.breaks).toEqual(['GEN-AUTH', 'GEN-NEGATIVE']);
  } finally {
    await withIds.close();
  }
  await expect(startMock(await miniDefinition({ genericFaultBreaks: { 'generic.nope': ['X'] } }))).rejects.toThrow(/not a generic fault/);
  const duplicate = await miniDefinition({ faults: [{ name: GENERIC.retypeField, description: 'again', breaks: ['GEN-SCHEMA'] }] });
  await expect(startMock(duplicate)).rejects.toThrow(/defines the fault "generic.retype-field" twice/);
});
