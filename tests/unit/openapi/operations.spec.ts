/** The operation index of the spec engine: what each OperationInfo says, response lookup, path templates. */
import { expect, test } from '@playwright/test';
import * as path from 'node:path';
import { fillPathTemplate, findResponse, loadSpec, matchPathTemplate, PROJECT_ROOT, Spec, type OpenApiDocument } from '../../../src/openapi';

const MINI = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'specs', 'mini.openapi.yaml');

let spec: Spec;
test.beforeAll(async () => {
  spec = await loadSpec('mini', MINI);
});

test('indexes every operation with its method, path, pointer and x-conformance', () => {
  expect([...spec.operations.keys()]).toEqual(['getItem', 'deleteItem', 'listItems', 'createItem', 'getHealth']);
  const del = spec.operation('deleteItem');
  expect({ method: del.method, path: del.path, pointer: del.pointer, tags: del.tags }).toEqual({ method: 'delete', path: '/items/{id}', pointer: '#/paths/~1items~1{id}/delete', tags: ['items'] });
  expect(del.conformance).toEqual({ tokens: ['apiKey'], mutates: true, production: false, unreachable: { '409': 'No item is ever locked in the fixture.' }, catalog: undefined });
  expect(() => spec.operation('nope')).toThrow(/has no operation "nope"/);
});

test('takes security from the operation, else from the document; an explicit [] means none', () => {
  expect(spec.operation('getItem').security).toEqual([[{ scheme: 'apiKey', scopes: [] }]]);
  expect(spec.operation('listItems').security).toEqual([[{ scheme: 'bearer', scopes: [] }], [{ scheme: 'appId', scopes: [] }, { scheme: 'appSecret', scopes: [] }], [{ scheme: 'queryKey', scopes: [] }]]);
  expect(spec.operation('getHealth').security).toEqual([]);
});

test('reads responses through $ref with their content, headers and pointers', () => {
  const list = spec.operation('listItems');
  const unauthorized = findResponse(list, 401)!;
  expect(unauthorized.description).toBe('No credentials, or bad ones');
  expect(unauthorized.content.map((m) => [m.contentType, m.schemaPointer])).toEqual([['application/json', '#/paths/~1items/get/responses/401/content/application~1json/schema']]);
  const ok = findResponse(list, 200)!;
  expect(ok.headers.map((h) => [h.name, h.required, h.pointer])).toEqual([
    ['X-Total-Count', true, '#/paths/~1items/get/responses/200/headers/X-Total-Count'],
    ['X-Has-More', false, '#/paths/~1items/get/responses/200/headers/X-Has-More'],
  ]);
  expect(findResponse(spec.operation('deleteItem'), 204)?.content).toEqual([]);
});

test('findResponse prefers the exact status, then the range, then default', () => {
  expect(findResponse(spec.operation('listItems'), 401)?.status).toBe('401');
  expect(findResponse(spec.operation('listItems'), 404)?.status).toBe('4XX');
  expect(findResponse(spec.operation('listItems'), 500)).toBeUndefined();
  expect(findResponse(spec.operation('getHealth'), 429)?.status).toBe('429');
  expect(findResponse(spec.operation('getHealth'), 503)?.status).toBe('default');
});

test('lists parameters with their examples, an operation parameter replacing a path-level one', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'params', version: '1' },
    paths: {
      '/things/{id}': {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: 'path-level' },
          { name: 'trace', in: 'header', schema: { type: 'string' } },
        ],
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', examples: ['t_2'] }, example: 't_1' }, { $ref: '#/components/parameters/Limit' }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      parameters: { Limit: { name: 'limit', in: 'query', schema: { type: 'integer' }, examples: { small: { value: 5 }, shared: { $ref: '#/components/examples/Ten' } } } },
      examples: { Ten: { value: 10 } },
    },
  } as unknown as OpenApiDocument;
  const op = new Spec('params', 'params.yaml', doc).operation('getThing');
  expect(op.parameters.map((p) => [p.in, p.name, p.required, p.examples, p.pointer])).toEqual([
    ['path', 'id', true, ['t_1', 't_2'], '#/paths/~1things~1{id}/get/parameters/0'],
    ['header', 'trace', false, [], '#/paths/~1things~1{id}/parameters/1'],
    ['query', 'limit', false, [5, 10], '#/paths/~1things~1{id}/get/parameters/1'],
  ]);
});

test('lists media examples given inline and by $ref to components.examples', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'examples', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { type: 'array' }, examples: { inline: { value: [1] }, shared: { $ref: '#/components/examples/Two' } } } },
            },
          },
        },
      },
    },
    components: { examples: { Two: { summary: 'two things', value: [1, 2] } } },
  } as unknown as OpenApiDocument;
  const media = new Spec('examples', 'examples.yaml', doc).operation('listThings').responses[0]!.content[0]!;
  expect(media.examples).toEqual([
    { name: 'inline', value: [1], pointer: '#/paths/~1things/get/responses/200/content/application~1json/examples/inline/value' },
    { name: 'shared', value: [1, 2], pointer: '#/components/examples/Two/value' },
  ]);
});

test('matches concrete paths against templates and fills templates', () => {
  expect(matchPathTemplate('/items/{id}', '/items/it%201')).toEqual({ id: 'it 1' });
  expect(matchPathTemplate('/items/{id}', '/items/it_1/')).toEqual({ id: 'it_1' });
  expect(matchPathTemplate('/items/{id}', '/items/it_1/archive')).toBeNull();
  expect(matchPathTemplate('/items', '/items')).toEqual({});
  expect(fillPathTemplate('/items/{id}', { id: 'a/b' })).toBe('/items/a%2Fb');
  expect(() => fillPathTemplate('/items/{id}', {})).toThrow('No value for path parameter "id" of /items/{id}');
});
