/** GEN-EXAMPLES: every example in a spec against its own schema, wherever it is written. */
import { expect, test } from '@playwright/test';
import { checkExamples } from '../../../src/checks';
import type { OpenApiDocument } from '../../../src/openapi';
import { editedMini, mini } from './helpers';

type Node = Record<string, any>;
const at = (doc: OpenApiDocument, ...keys: string[]): Node => keys.reduce<Node>((node, k) => node[k], doc as Node);

test('GEN-EXAMPLES passes a spec whose examples all match their schemas', async () => {
  expect(checkExamples(await mini())).toEqual([]);
});

test('GEN-EXAMPLES fails each wrong example and names its pointer', async () => {
  const spec = await editedMini((doc) => {
    at(doc, 'paths', '/items/{id}', 'get', 'responses', '200', 'content', 'application/json').example.score = 'high';
    at(doc, 'paths', '/items', 'post', 'requestBody', 'content', 'application/json').example.quantity = 0;
    at(doc, 'paths', '/items', 'get', 'parameters', '0').example = 1000;
    at(doc, 'paths', '/items', 'get', 'parameters', '2').examples.newYear.value = 'soon';
    at(doc, 'paths', '/items', 'post', 'responses', '201', 'headers', 'X-Request-Id', 'schema').examples = ['req-42'];
    at(doc, 'components', 'responses', 'Unauthorized', 'content', 'application/json').example = { error: 401 };
    at(doc, 'components', 'schemas', 'Item').examples.push({ id: 'it_9' });
    at(doc, 'components', 'schemas', 'NewItem', 'properties', 'quantity').examples = [2, 0];
    (doc.components as Node).examples = { Missing: { value: { message: 'No such item' } } };
    at(doc, 'paths', '/items/{id}', 'get', 'responses', '404', 'content', 'application/json').examples = { missing: { $ref: '#/components/examples/Missing' } };
  });
  const failures = checkExamples(spec);
  expect(failures.every((f) => f.check === 'GEN-EXAMPLES' && f.title === 'Example does not match its schema' && f.severity === 'error')).toBe(true);
  expect(Object.fromEntries(failures.map((f) => [f.pointer, f.diagnostics?.map((d) => d.message)]))).toEqual({
    '#/paths/~1items~1{id}/get/responses/200/content/application~1json/example': ['example.score must be number or null'],
    '#/components/examples/Missing/value': ['example must have property "error"'],
    '#/paths/~1items/get/parameters/0/example': ['example must be <= 100'],
    '#/paths/~1items/get/parameters/2/examples/newYear/value': ['example must be a valid date-time'],
    '#/paths/~1items/post/requestBody/content/application~1json/example': ['example.quantity must be >= 1'],
    '#/paths/~1items/post/responses/201/headers/X-Request-Id/schema/examples/0': ['example must be a valid uuid'],
    '#/components/responses/Unauthorized/content/application~1json/example': ['example must have property "message"', 'example.error must be string'],
    '#/components/schemas/Item/examples/1': ['example must have property "score"'],
    '#/components/schemas/NewItem/properties/quantity/examples/1': ['example must be >= 1'],
  });
});

test('GEN-EXAMPLES says which example broke which schema', async () => {
  const spec = await editedMini((doc) => {
    at(doc, 'components', 'schemas', 'ItemKind').examples = ['swim'];
  });
  expect(checkExamples(spec).map((f) => f.message)).toEqual([
    'Received: the example at #/components/schemas/ItemKind/examples/0: example must be one of "walk", "run", "sleep"\nDocumented: the schema at #/components/schemas/ItemKind',
  ]);
});
