/** GEN-COVERAGE: documented operation x status against the calls a run made. */
import { expect, test } from '@playwright/test';
import { checkCoverage, coverage, type ExercisedCall } from '../../../src/checks';
import type { Spec } from '../../../src/openapi';
import { mini } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await mini();
});

/** Every documented status of the mini spec but getItem 404 and deleteItem 409 (which is listed as unreachable). */
const CALLS: ExercisedCall[] = [
  { operationId: 'getItem', status: 200 },
  { operationId: 'getItem', status: 401 },
  { operationId: 'getItem', status: 200 },
  { operationId: 'deleteItem', status: 204 },
  { operationId: 'deleteItem', status: 401 },
  { operationId: 'deleteItem', status: '404' },
  { operationId: 'listItems', status: 200 },
  { operationId: 'listItems', status: 401 },
  { operationId: 'listItems', status: 422 },
  { operationId: 'createItem', status: 201 },
  { operationId: 'createItem', status: 400 },
  { operationId: 'createItem', status: 401 },
  { operationId: 'createItem', status: 422 },
  { operationId: 'getHealth', status: 200 },
  { operationId: 'getHealth', status: 429 },
  { operationId: 'getHealth', status: 503 },
  { operationId: 'noSuchOperation', status: 200 },
  { operationId: 'createItem', status: 418 },
];

test('GEN-COVERAGE lists every documented operation x status with whether a call reached it', () => {
  const rows = coverage(spec, CALLS);
  expect(rows.map((r) => `${r.operationId} ${r.status} ${r.exercised ? 'exercised' : (r.unreachable ?? 'missing')}`)).toEqual([
    'getItem 200 exercised',
    'getItem 401 exercised',
    'getItem 404 missing',
    'deleteItem 204 exercised',
    'deleteItem 401 exercised',
    'deleteItem 404 exercised',
    'deleteItem 409 No item is ever locked in the fixture.',
    'listItems 200 exercised',
    'listItems 401 exercised',
    'listItems 4XX exercised',
    'createItem 201 exercised',
    'createItem 400 exercised',
    'createItem 401 exercised',
    'createItem 422 exercised',
    'getHealth 200 exercised',
    'getHealth 429 exercised',
    'getHealth default exercised',
  ]);
  expect(rows[0]).toEqual({ operationId: 'getItem', method: 'get', path: '/items/{id}', status: '200', pointer: '#/paths/~1items~1{id}/get/responses/200', exercised: true });
});

test('GEN-COVERAGE fails each documented status neither exercised nor listed as unreachable', () => {
  expect(checkCoverage(spec, CALLS)).toEqual([
    {
      check: 'GEN-COVERAGE',
      title: 'Documented status never exercised',
      message: 'Received: no call of getItem (GET /items/{id}) answered 404\nDocumented: 404, with no reason in x-conformance.unreachable',
      pointer: '#/paths/~1items~1{id}/get/responses/404',
      severity: 'error',
    },
  ]);
  expect(checkCoverage(spec, [...CALLS, { operationId: 'getItem', status: 404 }])).toEqual([]);
});

test('GEN-COVERAGE counts a status a range or default covers only once the call reaches it', () => {
  const rows = coverage(spec, [{ operationId: 'listItems', status: 200 }]);
  expect(rows.filter((r) => r.operationId === 'listItems').map((r) => [r.status, r.exercised])).toEqual([
    ['200', true],
    ['401', false],
    ['4XX', false],
  ]);
});
