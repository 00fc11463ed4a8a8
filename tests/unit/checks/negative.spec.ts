/** GEN-NEGATIVE: requests derived from the request schemas that must be rejected, and the check of their answers. */
import { expect, test } from '@playwright/test';
import { checkNegativeRejected, negativeProbes, type NegativeProbe, type ValidInputs } from '../../../src/checks';
import type { JsonSchema, Spec } from '../../../src/openapi';
import { editedMini, ERROR, exchange, ITEM, mini } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await mini();
});

const NEW_ITEM = {
  name: 'Morning walk',
  kind: 'walk',
  quantity: 3,
  startsAt: '2024-01-15T07:30:00Z',
  ownerId: '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b',
  contact: 'owner@example.test',
};
const CREATE: ValidInputs = { pathParams: {}, query: { dryRun: false }, headers: { 'x-trace': 'unit' }, body: NEW_ITEM };
const LIST: ValidInputs = { pathParams: {}, query: { limit: '10', kind: 'walk', since: '2024-01-01T00:00:00Z', kinds: ['walk', 'run'] }, headers: {}, body: undefined };

const bodyOf = (spec: Spec) => spec.operation('createItem').requestBody!.content[0]!;
const bodyDiagnostics = (s: Spec, body: unknown) => s.validators.validateAt(bodyOf(s).schemaPointer, bodyOf(s).schema as JsonSchema, body);
const descriptions = (probes: NegativeProbe[], kind: NegativeProbe['kind']) => probes.filter((p) => p.kind === kind).map((p) => p.description);

test('GEN-NEGATIVE removes each required body property, one probe each', () => {
  expect(bodyDiagnostics(spec, NEW_ITEM)).toEqual([]);
  const probes = negativeProbes(spec, spec.operation('createItem'), CREATE);
  expect(descriptions(probes, 'body-required')).toEqual([
    'body.name removed: body must have property "name"',
    'body.kind removed: body must have property "kind"',
    'body.quantity removed: body must have property "quantity"',
  ]);
  for (const p of probes.filter((x) => x.kind === 'body-required')) {
    expect(Object.keys(p.body as object)).toHaveLength(Object.keys(NEW_ITEM).length - 1);
    expect(p.query).toEqual(CREATE.query);
    expect(p.headers).toEqual(CREATE.headers);
  }
  expect(NEW_ITEM.name).toBe('Morning walk');
});

test('GEN-NEGATIVE gives body properties a wrong type, an enum miss and bad formats', () => {
  const probes = negativeProbes(spec, spec.operation('createItem'), CREATE);
  expect(descriptions(probes, 'body-type')).toEqual([
    'body.name set to 12345: body.name must be string',
    'body.kind set to 12345: body.kind must be string',
    'body.quantity set to "mock-wrong-type": body.quantity must be integer',
    'body.startsAt set to 12345: body.startsAt must be string',
    'body.ownerId set to 12345: body.ownerId must be string',
    'body.contact set to 12345: body.contact must be string',
  ]);
  expect(descriptions(probes, 'body-enum')).toEqual(['body.kind set to "not-an-allowed-value": body.kind must be one of "walk", "run", "sleep"']);
  expect(descriptions(probes, 'body-format')).toEqual([
    'body.startsAt set to "not-a-date-time": body.startsAt must be a valid date-time',
    'body.ownerId set to "not-a-uuid": body.ownerId must be a valid uuid',
    'body.contact set to "not-an-email": body.contact must be a valid email',
  ]);
  const enumProbe = probes.find((p) => p.kind === 'body-enum');
  expect(enumProbe?.pointer).toBe('#/components/schemas/ItemKind/enum');
  for (const p of probes.filter((x) => x.body !== undefined)) expect(bodyDiagnostics(spec, p.body).length, p.description).toBeGreaterThan(0);
});

test('GEN-NEGATIVE sends a body that is not JSON, labelled as JSON', () => {
  const [p, ...rest] = negativeProbes(spec, spec.operation('createItem'), CREATE).filter((x) => x.kind === 'body-not-json');
  expect(rest).toEqual([]);
  expect(() => JSON.parse(p!.rawBody!)).toThrow();
  expect(p?.body).toBeUndefined();
  expect(p?.headers).toEqual({ 'x-trace': 'unit', 'content-type': 'application/json' });
  expect(p?.pointer).toBe('#/paths/~1items/post/requestBody/content/application~1json');
});

test('GEN-NEGATIVE violates query parameters: type, enum, format, and a required one left out', () => {
  const probes = negativeProbes(spec, spec.operation('listItems'), LIST);
  expect(probes.map((p) => [p.kind, p.description])).toEqual([
    ['query-type', 'query.limit set to "mock-wrong-type": query.limit must be integer'],
    ['query-enum', 'query.kind set to "not-an-allowed-value": query.kind must be one of "walk", "run", "sleep"'],
    ['query-format', 'query.since set to "not-a-date-time": query.since must be a valid date-time'],
    ['query-missing', 'query.limit left out: it is required'],
    ['query-enum', 'query.kinds set to ["not-an-allowed-value"]: query.kinds[0] must be one of "walk", "run", "sleep"'],
  ]);
  expect(probes.find((p) => p.kind === 'query-missing')?.query).toEqual({ kind: 'walk', since: '2024-01-01T00:00:00Z', kinds: ['walk', 'run'] });
  expect(probes.find((p) => p.kind === 'query-format')?.query).toEqual({ ...LIST.query, since: 'not-a-date-time' });
});

test('GEN-NEGATIVE interleaves kinds so the first probes show different violations', () => {
  const kinds = negativeProbes(spec, spec.operation('createItem'), CREATE).map((p) => p.kind);
  expect(kinds.slice(0, 6)).toEqual(['body-required', 'query-type', 'body-type', 'body-enum', 'body-format', 'body-not-json']);
});

test('GEN-NEGATIVE keeps only candidates the validator confirms as violations', async () => {
  const lenient = await editedMini((doc) => {
    (doc.components!.schemas!.ItemKind as { enum: string[] }).enum.push('not-an-allowed-value');
  });
  const probes = negativeProbes(lenient, lenient.operation('createItem'), CREATE);
  expect(probes.filter((p) => p.kind === 'body-enum')).toEqual([]);
  expect(probes.filter((p) => p.kind === 'body-type')).toHaveLength(6);
});

test('GEN-NEGATIVE derives nothing from an operation without request constraints', () => {
  expect(negativeProbes(spec, spec.operation('getHealth'), { pathParams: {}, query: {}, headers: {}, body: undefined })).toEqual([]);
});

test('GEN-NEGATIVE passes a 400 or another documented 4xx in the error shape', () => {
  expect(checkNegativeRejected(exchange(spec, 'createItem', { status: 400, json: ERROR }))).toEqual([]);
  expect(checkNegativeRejected(exchange(spec, 'createItem', { status: 422, json: ERROR }))).toEqual([]);
  expect(checkNegativeRejected(exchange(spec, 'listItems', { status: 404, json: ERROR }))).toEqual([]);
  expect(checkNegativeRejected(exchange(spec, 'getHealth', { status: 400, json: ERROR }))).toEqual([]);
});

test('GEN-NEGATIVE fails an accepted request, a server error and an undocumented rejection status', () => {
  const result = (status: number) => checkNegativeRejected(exchange(spec, 'createItem', { status, json: status < 300 ? ITEM : ERROR })).map((f) => [f.title, f.message]);
  expect(result(201)).toEqual([['Invalid request not rejected', 'Received: 201\nDocumented: 400, 401, 422']]);
  expect(result(500)).toEqual([['Invalid request answered with a server error', 'Received: 500\nDocumented: 400, 401, 422']]);
  expect(result(404)).toEqual([['Invalid request rejected with an undocumented status', 'Received: 404\nDocumented: 400, 401, 422']]);
  expect(checkNegativeRejected(exchange(spec, 'getHealth', { status: 418, json: ERROR })).map((f) => f.title)).toEqual(['Invalid request rejected with an undocumented status']);
});

test('GEN-NEGATIVE fails a rejection whose body is not in the documented error shape', () => {
  const [f, ...rest] = checkNegativeRejected(exchange(spec, 'createItem', { status: 400, json: { errors: ['quantity'] } }));
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ check: 'GEN-NEGATIVE', title: 'Body does not match the documented schema', pointer: '#/paths/~1items/post/responses/400/content/application~1json/schema' });
});
