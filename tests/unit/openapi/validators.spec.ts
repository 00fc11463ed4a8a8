/** The spec engine's validators: every JSON Schema keyword the specs use, with readable messages. */
import { expect, test } from '@playwright/test';
import { readablePath, SchemaValidators, type JsonSchema, type OpenApiDocument } from '../../../src/openapi';

const SCHEMAS: Record<string, JsonSchema> = {
  Factor: {
    type: 'object',
    required: ['name', 'score'],
    properties: { name: { type: 'string' }, score: { type: 'number' } },
  },
  Score: {
    type: 'object',
    required: ['id', 'factors'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      state: { type: ['string', 'null'], enum: ['low', 'high', null] },
      factors: { type: 'array', items: { $ref: '#/components/schemas/Factor' } },
    },
  },
  Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
  Named: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }] },
  Walk: { type: 'object', required: ['kind'], properties: { kind: { const: 'walk' }, steps: { type: 'integer' } } },
  Sleep: { type: 'object', required: ['kind'], properties: { kind: { const: 'sleep' }, hours: { type: 'number' } } },
  Activity: { oneOf: [{ $ref: '#/components/schemas/Walk' }, { $ref: '#/components/schemas/Sleep' }] },
  FactorOrName: { oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/Factor' }] },
  Closed: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
  /** Properties whose names are also JSON Schema keywords. */
  Keywordish: {
    type: 'object',
    properties: {
      default: { $ref: '#/components/schemas/Factor' },
      examples: { type: 'array', items: { $ref: '#/components/schemas/Factor' } },
      enum: { type: 'string' },
    },
  },
};

const DOC = { openapi: '3.1.0', info: { title: 'validators', version: '1' }, paths: {}, components: { schemas: SCHEMAS } } as unknown as OpenApiDocument;

let validators: SchemaValidators;
let inline = 0;
test.beforeEach(() => {
  validators = new SchemaValidators(DOC, 'unit-validators');
});

/** Messages for a value against an inline schema (each call gets its own pointer, so its own compiled function). */
function messages(schema: JsonSchema, value: unknown, label?: string): string[] {
  return validators.validateAt(`#/inline/${inline++}`, schema, value, label ? { label } : {}).map((d) => d.message);
}

const FACTOR = { name: 'steps', score: 0.4 };
const SCORE = { id: '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', state: 'high', factors: [FACTOR] };

const KEYWORD_CASES: { keyword: string; schema: JsonSchema; good: unknown[]; bad: unknown; message: string }[] = [
  { keyword: 'type', schema: { type: 'string' }, good: ['x'], bad: 1, message: 'body must be string' },
  { keyword: 'type with a null union', schema: { type: ['number', 'null'] }, good: [1.5, null], bad: 'x', message: 'body must be number or null' },
  { keyword: 'type integer', schema: { type: 'integer' }, good: [3], bad: 3.5, message: 'body must be integer' },
  { keyword: 'required', schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, good: [{ id: 'a' }], bad: {}, message: 'body must have property "id"' },
  { keyword: 'enum', schema: { type: 'string', enum: ['low', 'high'] }, good: ['low'], bad: 'mid', message: 'body must be one of "low", "high"' },
  { keyword: 'const', schema: { const: 'v1' }, good: ['v1'], bad: 'v2', message: 'body must be "v1"' },
  { keyword: 'format date-time', schema: { type: 'string', format: 'date-time' }, good: ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123+02:00'], bad: '2024-01-15 10:30', message: 'body must be a valid date-time' },
  { keyword: 'format date', schema: { type: 'string', format: 'date' }, good: ['2024-02-29'], bad: '2024-02-30', message: 'body must be a valid date' },
  { keyword: 'format uuid', schema: { type: 'string', format: 'uuid' }, good: ['3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b'], bad: 'not-a-uuid', message: 'body must be a valid uuid' },
  { keyword: 'format email', schema: { type: 'string', format: 'email' }, good: ['owner@example.test'], bad: 'owner.example.test', message: 'body must be a valid email' },
  { keyword: 'format uri', schema: { type: 'string', format: 'uri' }, good: ['https://sandbox.mini.test/v1'], bad: 'no scheme', message: 'body must be a valid uri' },
  { keyword: 'minimum', schema: { type: 'number', minimum: 0 }, good: [0], bad: -0.1, message: 'body must be >= 0' },
  { keyword: 'maximum', schema: { type: 'number', maximum: 1 }, good: [1], bad: 1.1, message: 'body must be <= 1' },
  { keyword: 'minLength', schema: { type: 'string', minLength: 2 }, good: ['ab'], bad: 'a', message: 'body must NOT have fewer than 2 characters' },
  { keyword: 'maxLength', schema: { type: 'string', maxLength: 3 }, good: ['abc'], bad: 'abcd', message: 'body must NOT have more than 3 characters' },
  { keyword: 'pattern', schema: { type: 'string', pattern: '^[a-z]+$' }, good: ['abc'], bad: 'ABC', message: 'body must match pattern "^[a-z]+$"' },
  { keyword: 'items', schema: { type: 'array', items: { type: 'integer' } }, good: [[1, 2]], bad: [1, 'two'], message: 'body[1] must be integer' },
  { keyword: 'minItems', schema: { type: 'array', minItems: 1 }, good: [[1]], bad: [], message: 'body must NOT have fewer than 1 items' },
  { keyword: 'maxItems', schema: { type: 'array', maxItems: 2 }, good: [[1, 2]], bad: [1, 2, 3], message: 'body must NOT have more than 2 items' },
  { keyword: 'additionalProperties', schema: { $ref: '#/components/schemas/Closed' }, good: [{ a: 1 }], bad: { a: 1, b: 2 }, message: 'body has property "b" that the schema does not allow' },
];

for (const c of KEYWORD_CASES) {
  test(`validates ${c.keyword}: accepts a good value and explains a bad one`, () => {
    for (const good of c.good) expect(messages(c.schema, good), JSON.stringify(good)).toEqual([]);
    expect(messages(c.schema, c.bad)).toEqual([c.message]);
  });
}

test('validates oneOf: exactly one alternative must match', () => {
  const schema: JsonSchema = { oneOf: [{ type: 'string' }, { type: 'number', minimum: 0 }] };
  expect(messages(schema, 'x')).toEqual([]);
  expect(messages(schema, 2)).toEqual([]);
  expect(messages(schema, -1)).toContain('body must match exactly one schema in oneOf');
  const overlapping: JsonSchema = { oneOf: [{ type: 'number' }, { type: 'integer' }] };
  expect(messages(overlapping, 2)).toEqual(['body must match exactly one schema in oneOf']);
});

test('validates anyOf: at least one alternative must match', () => {
  const schema: JsonSchema = { anyOf: [{ type: 'string', format: 'date' }, { type: 'string', format: 'date-time' }] };
  expect(messages(schema, '2024-01-15')).toEqual([]);
  expect(messages(schema, '2024-01-15T10:30:00Z')).toEqual([]);
  expect(messages(schema, 'yesterday')).toContain('body must match a schema in anyOf');
});

test('validates allOf through a $ref: every member applies', () => {
  expect(validators.validateComponent('Named', { id: 'a', name: 'n' })).toEqual([]);
  expect(validators.validateComponent('Named', { name: 'n' }).map((d) => d.message)).toEqual(['body must have property "id"']);
  expect(validators.validateComponent('Named', { id: 'a' }).map((d) => d.message)).toEqual(['body must have property "name"']);
});

test('follows $ref into components and names the nested value and the component schema', () => {
  const body = [SCORE, { ...SCORE, factors: [FACTOR, FACTOR, { name: 'sleep', score: 'high' }] }];
  const diagnostics = validators.validateAt('#/inline/list', { type: 'array', items: { $ref: '#/components/schemas/Score' } }, body);
  expect(diagnostics).toEqual([{ code: 'type', pointer: '/1/factors/2/score', schemaPointer: '#/components/schemas/Factor/properties/score/type', message: 'body[1].factors[2].score must be number' }]);
});

test('reports every problem of a value at once', () => {
  const bad = { id: 'not-a-uuid', state: 'mid', factors: [{ score: 1 }] };
  expect(validators.validateComponent('Score', bad).map((d) => d.message).sort()).toEqual([
    'body.factors[0] must have property "name"',
    'body.id must be a valid uuid',
    'body.state must be one of "low", "high", null',
  ]);
});

test('uses the label given for the value in messages', () => {
  expect(messages({ type: 'array', items: { enum: ['activity', 'sleep'] } }, ['activity', 'walk'], 'query.types')).toEqual(['query.types[1] must be one of "activity", "sleep"']);
});

test('validates properties whose names are JSON Schema keywords like any other property', () => {
  expect(validators.validateComponent('Keywordish', { default: FACTOR, examples: [FACTOR], enum: 'x' })).toEqual([]);
  expect(validators.validateComponent('Keywordish', { default: { name: 'steps' }, examples: [{ name: 1, score: 1 }], enum: 3 }).map((d) => d.message).sort()).toEqual([
    'body.default must have property "score"',
    'body.enum must be string',
    'body.examples[0].name must be string',
  ]);
});

test('in undeclared mode reports fields no schema declares, at any depth, and nothing else extra', () => {
  const drifted = { ...SCORE, extra: 1, factors: [{ ...FACTOR, weight: 2 }] };
  expect(validators.validateComponent('Score', drifted)).toEqual([]);
  const undeclared = validators.validateComponent('Score', drifted, { undeclared: true });
  expect(undeclared.map((d) => [d.code, d.message]).sort()).toEqual([
    ['unevaluatedProperties', 'body has property "extra" that the schema does not declare'],
    ['unevaluatedProperties', 'body.factors[0] has property "weight" that the schema does not declare'],
  ]);
  expect(validators.validateComponent('Score', SCORE, { undeclared: true })).toEqual([]);
});

test('in undeclared mode counts the properties of every allOf member as declared', () => {
  expect(validators.validateComponent('Named', { id: 'a', name: 'n' }, { undeclared: true })).toEqual([]);
  expect(validators.validateComponent('Named', { id: 'a', name: 'n', extra: true }, { undeclared: true }).map((d) => d.message)).toEqual(['body has property "extra" that the schema does not declare']);
});

test('in undeclared mode counts the properties of the oneOf alternative that matched', () => {
  expect(validators.validateComponent('Activity', { kind: 'walk', steps: 10 }, { undeclared: true })).toEqual([]);
  expect(validators.validateComponent('Activity', { kind: 'sleep', hours: 7.5 }, { undeclared: true })).toEqual([]);
  expect(validators.validateComponent('Activity', { kind: 'sleep', hours: 7.5, steps: 10 }, { undeclared: true }).map((d) => d.message)).toEqual(['body has property "steps" that the schema does not declare']);
});

test('in undeclared mode still checks an alternative of a mixed oneOf on its own', () => {
  expect(validators.validateComponent('FactorOrName', 'steps', { undeclared: true })).toEqual([]);
  const undeclared = validators.validateComponent('FactorOrName', { ...FACTOR, weight: 1 }, { undeclared: true }).filter((d) => d.code === 'unevaluatedProperties');
  expect(undeclared.map((d) => d.message)).toEqual(['body has property "weight" that the schema does not declare']);
});

test('compiles each schema once and names an unknown component', () => {
  validators.validateComponent('Factor', FACTOR);
  const compiled = validators.compiledCount;
  validators.validateComponent('Factor', { name: 'x' });
  expect(validators.compiledCount).toBe(compiled);
  expect(() => validators.validateComponent('Nope', {})).toThrow('No schema named Nope in components.schemas');
});

test('readablePath turns JSON pointers into property paths', () => {
  expect(readablePath('body', '')).toBe('body');
  expect(readablePath('body', '/0/factors/2/score')).toBe('body[0].factors[2].score');
  expect(readablePath('body', '/a b/x~1y/t~0')).toBe('body["a b"]["x/y"]["t~"]');
});
