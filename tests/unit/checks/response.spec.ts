/** The response checks on crafted answers to the mini fixture spec: each passes a good answer and fails a bad one. */
import { expect, test } from '@playwright/test';
import { checkContentType, checkHeaders, checkSchema, checkStatus, checkUndeclared, CHECKS, RESPONSE_CHECKS, runChecks, type CheckId } from '../../../src/checks';
import type { Spec } from '../../../src/openapi';
import { CREATED_HEADERS, ERROR, exchange, ITEM, mini } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await mini();
});

test.describe('GEN-STATUS', () => {
  test('GEN-STATUS passes a documented status and fails an undocumented one with the documented list', () => {
    expect(checkStatus(exchange(spec, 'getItem', { status: 200, json: ITEM }))).toEqual([]);
    expect(checkStatus(exchange(spec, 'getItem', { status: 404, json: ERROR }))).toEqual([]);
    const [f, ...rest] = checkStatus(exchange(spec, 'getItem', { status: 418, json: ERROR }));
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'GEN-STATUS',
      title: 'Undocumented status code',
      message: 'Received: 418\nDocumented: 200, 401, 404',
      pointer: '#/paths/~1items~1{id}/get/responses',
      severity: 'error',
    });
  });

  test('GEN-STATUS accepts a status covered by a documented range, not one outside it', () => {
    expect(checkStatus(exchange(spec, 'listItems', { status: 409, json: ERROR }))).toEqual([]);
    expect(checkStatus(exchange(spec, 'listItems', { status: 500, json: ERROR })).map((f) => f.message)).toEqual(['Received: 500\nDocumented: 200, 401, 4XX']);
  });

  test('GEN-STATUS accepts any status when a default response is documented', () => {
    expect(checkStatus(exchange(spec, 'getHealth', { status: 503, json: ERROR }))).toEqual([]);
  });
});

test.describe('GEN-CTYPE', () => {
  test('GEN-CTYPE passes a documented media type whatever its parameters', () => {
    expect(checkContentType(exchange(spec, 'getItem', { status: 200, json: ITEM, headers: { 'content-type': 'Application/JSON; charset=utf-8' } }))).toEqual([]);
    expect(checkContentType(exchange(spec, 'getHealth', { status: 200, text: 'ok', headers: { 'content-type': 'text/plain; charset=utf-8' } }))).toEqual([]);
  });

  test('GEN-CTYPE fails a missing, a malformed and an undocumented Content-Type', () => {
    const titles = (headers: Record<string, string>) => checkContentType(exchange(spec, 'getItem', { status: 200, text: JSON.stringify(ITEM), headers })).map((f) => f.title);
    expect(titles({})).toEqual(['Missing Content-Type']);
    expect(titles({ 'content-type': 'application json' })).toEqual(['Malformed Content-Type']);
    expect(titles({ 'content-type': 'application/json' })).toEqual([]);
    const [f] = checkContentType(exchange(spec, 'getItem', { status: 200, text: JSON.stringify(ITEM), headers: { 'content-type': 'text/html; charset=utf-8' } }));
    expect(f).toMatchObject({ title: 'Undocumented Content-Type', message: 'Received: text/html\nDocumented: application/json', pointer: '#/paths/~1items~1{id}/get/responses/200/content' });
  });

  test('GEN-CTYPE passes an empty 204 and fails a 204 that carries a body', () => {
    expect(checkContentType(exchange(spec, 'deleteItem', { status: 204 }))).toEqual([]);
    const [f, ...rest] = checkContentType(exchange(spec, 'deleteItem', { status: 204, json: { deleted: true } }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ check: 'GEN-CTYPE', title: 'Body on a response without content', message: 'Received: "{\\"deleted\\":true}"\nDocumented: 204 without content', pointer: '#/paths/~1items~1{id}/delete/responses/204' });
  });

  test('GEN-CTYPE fails a 204 whose headers announce a body the HTTP client dropped', () => {
    const failures = checkContentType(exchange(spec, 'deleteItem', { status: 204, headers: { 'content-type': 'application/json', 'content-length': '2' } }));
    expect(failures.map((f) => f.title)).toEqual(['Body on a response without content']);
    expect(failures[0]!.message).toContain('Content-Length 2');
  });
});

test.describe('GEN-SCHEMA', () => {
  test('GEN-SCHEMA passes a body that matches the documented schema', () => {
    expect(checkSchema(exchange(spec, 'getItem', { status: 200, json: { ...ITEM, score: null, factors: [{ name: 'steps', score: 0.7 }] } }))).toEqual([]);
    expect(checkSchema(exchange(spec, 'getItem', { status: 401, json: ERROR }))).toEqual([]);
  });

  test('GEN-SCHEMA fails a wrong type deep in an array with a readable path and the schema pointer', () => {
    const body = [{ ...ITEM, factors: [{ name: 'steps', score: 0.7 }, { name: 'sleep', score: 'high' }] }];
    const [f, ...rest] = checkSchema(exchange(spec, 'listItems', { status: 200, json: body }));
    expect(rest).toEqual([]);
    expect(f?.title).toBe('Body does not match the documented schema');
    expect(f?.pointer).toBe('#/paths/~1items/get/responses/200/content/application~1json/schema');
    expect(f?.diagnostics?.map((d) => [d.code, d.pointer, d.message])).toEqual([['type', '/0/factors/1/score', 'body[0].factors[1].score must be number']]);
    expect(f?.message).toBe(`Received: body[0].factors[1].score must be number\nDocumented: 200 application/json (schema at ${f?.pointer})`);
  });

  test('GEN-SCHEMA checks formats and required properties', () => {
    const [f] = checkSchema(exchange(spec, 'getItem', { status: 200, json: { id: 'it_1', createdAt: 'yesterday' } }));
    expect(f?.diagnostics?.map((d) => d.message).sort()).toEqual(['body must have property "score"', 'body.createdAt must be a valid date-time']);
    expect(f?.message).toMatch(/\(and 1 more\)/);
  });

  test('GEN-SCHEMA fails a body that is not JSON where JSON is documented', () => {
    const [f] = checkSchema(exchange(spec, 'getItem', { status: 200, text: '<html>oops</html>', headers: { 'content-type': 'application/json' } }));
    expect(f).toMatchObject({ check: 'GEN-SCHEMA', title: 'Body is not JSON' });
    expect(f?.message.split('\n')[0]).toBe('Received: "<html>oops</html>"');
  });

  test('GEN-SCHEMA validates a text body against a text schema', () => {
    expect(checkSchema(exchange(spec, 'getHealth', { status: 200, text: 'ok', headers: { 'content-type': 'text/plain' } }))).toEqual([]);
    const [f] = checkSchema(exchange(spec, 'getHealth', { status: 200, text: 'degraded', headers: { 'content-type': 'text/plain' } }));
    expect(f?.diagnostics?.[0]?.message).toBe('body must be one of "ok"');
  });
});

test.describe('GEN-HEADERS', () => {
  test('GEN-HEADERS passes documented headers, coercing numbers from their text', () => {
    const ctx = exchange(spec, 'createItem', { status: 201, json: ITEM, headers: { ...CREATED_HEADERS, 'x-ratelimit-remaining': '5' } });
    expect(checkHeaders(ctx)).toEqual([]);
    expect(checkHeaders(exchange(spec, 'listItems', { status: 200, json: [], headers: { 'x-total-count': '0', 'x-has-more': 'false' } }))).toEqual([]);
  });

  test('GEN-HEADERS fails a missing required header', () => {
    const [f, ...rest] = checkHeaders(exchange(spec, 'createItem', { status: 201, json: ITEM, headers: { location: CREATED_HEADERS.location } }));
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'GEN-HEADERS',
      title: 'Missing required response header',
      message: 'Received: no X-Request-Id header\nDocumented: X-Request-Id (required)',
      pointer: '#/paths/~1items/post/responses/201/headers/X-Request-Id',
      severity: 'error',
    });
  });

  test('GEN-HEADERS fails header values that do not match their schemas', () => {
    const headers = { ...CREATED_HEADERS, 'x-request-id': 'req-42', 'x-ratelimit-remaining': '-1' };
    const failures = checkHeaders(exchange(spec, 'createItem', { status: 201, json: ITEM, headers }));
    expect(failures.map((f) => f.diagnostics?.map((d) => d.message))).toEqual([['header X-Request-Id must be a valid uuid'], ['header X-RateLimit-Remaining must be >= 0']]);
    expect(failures[0]?.message).toBe('Received: X-Request-Id: req-42 (header X-Request-Id must be a valid uuid)\nDocumented: the schema at #/paths/~1items/post/responses/201/headers/X-Request-Id/schema');
    const wrongType = checkHeaders(exchange(spec, 'listItems', { status: 200, json: [], headers: { 'x-total-count': 'many', 'x-has-more': 'yes' } }));
    expect(wrongType.flatMap((f) => f.diagnostics?.map((d) => d.message))).toEqual(['header X-Total-Count must be integer', 'header X-Has-More must be boolean']);
  });
});

test.describe('GEN-UNDECLARED', () => {
  const drifted = { ...ITEM, colour: 'blue', factors: [{ name: 'steps', score: 0.7, weight: 2 }] };

  test('GEN-UNDECLARED passes a body with only declared fields', () => {
    expect(checkUndeclared(exchange(spec, 'getItem', { status: 200, json: { ...ITEM, factors: [{ name: 'steps', score: 0.7 }] } }))).toEqual([]);
  });

  test('GEN-UNDECLARED reports every undeclared field, as a failure in strict mode', () => {
    const [f, ...rest] = checkUndeclared(exchange(spec, 'getItem', { status: 200, json: drifted }));
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('error');
    expect(f?.title).toBe('Body has fields the schema does not declare');
    expect(f?.diagnostics?.map((d) => d.message).sort()).toEqual([
      'body has property "colour" that the schema does not declare',
      'body.factors[0] has property "weight" that the schema does not declare',
    ]);
    expect(f?.diagnostics?.every((d) => d.code === 'unevaluatedProperties')).toBe(true);
  });

  test('GEN-UNDECLARED reports undeclared fields as warnings when strict is off', () => {
    expect(checkUndeclared(exchange(spec, 'getItem', { status: 200, json: drifted }, false)).map((f) => f.severity)).toEqual(['warning']);
    expect(checkUndeclared(exchange(spec, 'getItem', { status: 200, json: drifted }, true)).map((f) => f.severity)).toEqual(['error']);
  });

  test('GEN-UNDECLARED leaves type errors to GEN-SCHEMA', () => {
    expect(checkUndeclared(exchange(spec, 'getItem', { status: 200, json: { ...ITEM, score: 'high' } }))).toEqual([]);
  });
});

test.describe('catalogue', () => {
  test('every check ID is registered once, under its own ID, with a description', () => {
    const ids: CheckId[] = ['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA', 'GEN-HEADERS', 'GEN-UNDECLARED', 'GEN-AUTH', 'GEN-NEGATIVE', 'GEN-EXAMPLES', 'GEN-COVERAGE'];
    expect(Object.keys(CHECKS).sort()).toEqual([...ids].sort());
    for (const [key, check] of Object.entries(CHECKS)) {
      expect(check.id).toBe(key);
      expect(check.description).toMatch(/^[A-Z].+\.$/);
    }
    expect(RESPONSE_CHECKS.map((c) => c.id)).toEqual(['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA', 'GEN-HEADERS', 'GEN-UNDECLARED']);
  });

  test('runChecks returns the failures of every response check, or of the checks named', () => {
    const ctx = exchange(spec, 'createItem', { status: 201, json: { id: 7, score: 0.5, extra: true }, headers: { 'content-type': 'text/plain' } });
    expect(runChecks(ctx).map((f) => f.check)).toEqual(['GEN-CTYPE', 'GEN-SCHEMA', 'GEN-HEADERS', 'GEN-HEADERS', 'GEN-UNDECLARED']);
    expect(runChecks(ctx, ['GEN-STATUS', 'GEN-UNDECLARED']).map((f) => f.check)).toEqual(['GEN-UNDECLARED']);
    expect(runChecks(exchange(spec, 'createItem', { status: 201, json: ITEM, headers: CREATED_HEADERS }))).toEqual([]);
  });
});
