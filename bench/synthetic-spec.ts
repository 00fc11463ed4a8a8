/**
 * A synthetic OpenAPI 3.1 spec of N operations, shaped like the provider specs: component schemas reached by
 * $ref, bearer security with a 401 on every secured operation, a 4xx on every operation, an example on every
 * response, `x-conformance` on every operation and `x-environment` on the servers. Five operations per resource
 * (list, create, get, update, delete), so schemas, paths and operations all grow linearly with N.
 */
const ERROR_EXAMPLE = { error: 'not_found', message: 'No such resource.', details: {} };

function resourceExample(k: number): Record<string, unknown> {
  return { id: `res${k}_mock_0001`, name: `Resource ${k}`, status: 'active', score: 0.5, created_at: '2025-01-15T10:00:00Z', tags: ['a'], owner: { id: 'usr_mock_0001', email: 'owner@example.test' } };
}

function errorResponses(statuses: string[]): Record<string, unknown> {
  const descriptions: Record<string, string> = { '400': 'The request is invalid.', '401': 'The credential is missing or invalid.', '404': 'No such resource.' };
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { ...ERROR_EXAMPLE, error: s === '401' ? 'invalid_token' : s === '400' ? 'invalid_request' : 'not_found' } } } }]),
  );
}

export function syntheticSpec(operations: number): Record<string, unknown> {
  const resources = Math.ceil(operations / 5);
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      required: ['error', 'message'],
      properties: { error: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
    },
    Meta: {
      type: 'object',
      required: ['page', 'per_page', 'total'],
      properties: { page: { type: 'integer', minimum: 1 }, per_page: { type: 'integer', minimum: 1, maximum: 100 }, total: { type: 'integer', minimum: 0 } },
    },
    Owner: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: { name: string; description: string }[] = [];
  let count = 0;
  const idParam = (k: number) => ({ name: 'id', in: 'path', required: true, description: `The resource ${k} id.`, schema: { type: 'string', pattern: '^res\\d+_' }, example: `res${k}_mock_0001` });
  const conformance = (mutates: boolean) => ({ tokens: ['apiKey'], mutates, production: !mutates });

  for (let k = 0; k < resources && count < operations; k++) {
    const name = `Resource${k}`;
    const tag = `resources-${Math.floor(k / 10)}`;
    if (!tags.some((t) => t.name === tag)) tags.push({ name: tag, description: `Resources ${Math.floor(k / 10) * 10} to ${Math.floor(k / 10) * 10 + 9}.` });
    schemas[name] = {
      type: 'object',
      required: ['id', 'name', 'status'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string', minLength: 1 },
        status: { type: 'string', enum: ['active', 'disabled'] },
        score: { type: 'number', minimum: 0, maximum: 1 },
        created_at: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { $ref: '#/components/schemas/Owner' },
      },
    };
    schemas[`${name}Input`] = {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, status: { type: 'string', enum: ['active', 'disabled'] } },
    };
    schemas[`${name}List`] = {
      type: 'object',
      required: ['data', 'meta'],
      properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${name}` } }, meta: { $ref: '#/components/schemas/Meta' } },
    };
    const one = (status: string, description: string) => ({ [status]: { description, content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: { $ref: `#/components/schemas/${name}` } } }, example: { data: resourceExample(k) } } } } });
    const input = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}Input` }, example: { name: `Resource ${k}` } } } };
    const ops: [string, string, Record<string, unknown>][] = [
      ['get', `/resources-${k}`, {
        operationId: `list${name}`, summary: `List resource ${k}`, tags: [tag], 'x-conformance': conformance(false),
        parameters: [{ name: 'page', in: 'query', required: false, description: 'Page number.', schema: { type: 'integer', minimum: 1 }, example: 1 }],
        responses: { '200': { description: 'One page.', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}List` }, example: { data: [resourceExample(k)], meta: { page: 1, per_page: 20, total: 1 } } } } }, ...errorResponses(['400', '401']) },
      }],
      ['post', `/resources-${k}`, {
        operationId: `create${name}`, summary: `Create resource ${k}`, tags: [tag], 'x-conformance': conformance(true),
        requestBody: input,
        responses: { ...one('201', 'Created.'), ...errorResponses(['400', '401']) },
      }],
      ['get', `/resources-${k}/{id}`, {
        operationId: `get${name}`, summary: `Get resource ${k}`, tags: [tag], 'x-conformance': conformance(false),
        parameters: [idParam(k)],
        responses: { ...one('200', 'The resource.'), ...errorResponses(['401', '404']) },
      }],
      ['patch', `/resources-${k}/{id}`, {
        operationId: `update${name}`, summary: `Update resource ${k}`, tags: [tag], 'x-conformance': conformance(true),
        parameters: [idParam(k)], requestBody: input,
        responses: { ...one('200', 'Updated.'), ...errorResponses(['400', '401', '404']) },
      }],
      ['delete', `/resources-${k}/{id}`, {
        operationId: `delete${name}`, summary: `Delete resource ${k}`, tags: [tag], 'x-conformance': conformance(true),
        parameters: [idParam(k)],
        responses: { '204': { description: 'Deleted.' }, ...errorResponses(['401', '404']) },
      }],
    ];
    for (const [method, p, op] of ops) {
      if (count >= operations) break;
      (paths[p] ??= {})[method] = op;
      count++;
    }
  }

  return {
    openapi: '3.1.0',
    info: { title: `Synthetic API (${operations} operations)`, version: '1.0.0', description: 'Generated by bench/synthetic-spec.ts.', contact: { name: 'bench', url: 'https://api.synthetic.test' } },
    servers: [
      { url: 'https://sandbox.synthetic.test/v1', description: 'Sandbox.', 'x-environment': 'sandbox' },
      { url: 'https://api.synthetic.test/v1', description: 'Production.', 'x-environment': 'production' },
    ],
    security: [{ apiKey: [] }],
    tags,
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sk_test_...`.' } },
      schemas,
    },
  };
}
