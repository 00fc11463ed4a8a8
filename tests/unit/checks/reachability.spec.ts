/**
 * The probes that reach documented error statuses the valid requests never meet: a malformed path parameter
 * (GEN-NEGATIVE 400), a well-formed id of nothing (GEN-NEGATIVE 404), and real credentials the operation must
 * refuse (GEN-AUTH: another scheme, a deleted subject, missing scopes). Each check is shown to fail.
 */
import { expect, test } from '@playwright/test';
import { checkCredentialRefused, checkNegativeRejected, checkUnknownResource, credentialProbes, negativeProbes, unknownResourceProbes, type ValidInputs } from '../../../src/checks';
import type { OpenApiDocument, Spec } from '../../../src/openapi';
import { editedMini, ERROR, exchange, ITEM, mini } from './helpers';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ITEM_ID = { type: 'string', pattern: '^it_[a-z0-9_]{1,20}$' };
const NOT_FOUND = { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

/** The mini spec with item ids of the form it_..., and createItem naming its owner item by `parentId`. */
function withItemIds(doc: OpenApiDocument): void {
  const d = doc as Doc;
  d.components.schemas.ItemId = ITEM_ID;
  for (const method of ['get', 'delete']) d.paths['/items/{id}'][method].parameters[0].schema = { $ref: '#/components/schemas/ItemId' };
  d.components.schemas.NewItem.properties.parentId = { $ref: '#/components/schemas/ItemId' };
  d.paths['/items'].post.responses['404'] = NOT_FOUND;
}

const GET: ValidInputs = { pathParams: { id: 'it_1' }, query: {}, headers: {}, body: undefined };
const CREATE: ValidInputs = { pathParams: {}, query: {}, headers: {}, body: { name: 'Walk', kind: 'walk', quantity: 1, parentId: 'it_1' } };

let spec: Spec;
let ids: Spec;
test.beforeAll(async () => {
  spec = await mini();
  ids = await editedMini(withItemIds);
});

test.describe('malformed path parameters (GEN-NEGATIVE)', () => {
  test('GEN-NEGATIVE sends a path parameter its pattern refuses, first among the probes, keeping the rest of the request', () => {
    const probes = negativeProbes(ids, ids.operation('getItem'), GET);
    expect(probes[0]).toMatchObject({ kind: 'path-malformed', pathParams: { id: 'malformed-id!' } });
    expect(probes[0]!.description).toContain('path.id set to "malformed-id!"');
  });

  test('GEN-NEGATIVE sends one character past maxLength when no other value is malformed, and nothing for a free string', async () => {
    const bounded = await editedMini((doc) => ((doc as Doc).paths['/items/{id}'].get.parameters[0].schema = { type: 'string', maxLength: 30 }));
    const [probe] = negativeProbes(bounded, bounded.operation('getItem'), GET);
    expect(probe?.pathParams.id).toBe('x'.repeat(31));
    expect(negativeProbes(spec, spec.operation('getItem'), GET).filter((p) => p.kind === 'path-malformed')).toEqual([]);
  });

  test('GEN-NEGATIVE fails a malformed path parameter answered 200 or 500, and passes a documented 404', () => {
    expect(checkNegativeRejected(exchange(spec, 'getItem', { status: 200, json: ITEM })).map((f) => f.title)).toEqual(['Invalid request not rejected']);
    expect(checkNegativeRejected(exchange(spec, 'getItem', { status: 500, json: ERROR })).map((f) => f.title)).toEqual(['Invalid request answered with a server error']);
    expect(checkNegativeRejected(exchange(spec, 'getItem', { status: 404, json: ERROR }))).toEqual([]);
  });
});

test.describe('well-formed ids of nothing (GEN-NEGATIVE 404)', () => {
  test('GEN-NEGATIVE gives each path parameter a well-formed value that is not the valid one', () => {
    const probes = unknownResourceProbes(ids, ids.operation('getItem'), GET);
    expect(probes.map((p) => [p.target, p.pathParams.id])).toEqual([['path.id', 'it_10unknown']]);
    expect(ids.validators.validateAt('#/components/schemas/ItemId', ITEM_ID, probes[0]!.pathParams.id)).toEqual([]);
  });

  test('GEN-NEGATIVE gives a body property with the schema of a path parameter an unknown id, and only where 404 is documented', () => {
    const probes = unknownResourceProbes(ids, ids.operation('createItem'), CREATE);
    expect(probes.map((p) => [p.target, (p.body as Doc).parentId, (p.body as Doc).name])).toEqual([['body.parentId', 'it_10unknown', 'Walk']]);
    // listItems documents no 404: an unknown value there has no documented answer to check.
    expect(unknownResourceProbes(ids, ids.operation('listItems'), { pathParams: {}, query: { limit: 10 }, headers: {}, body: undefined })).toEqual([]);
  });

  test('GEN-NEGATIVE uses a version 4 UUID for a uuid parameter', async () => {
    const uuid = await editedMini((doc) => ((doc as Doc).paths['/items/{id}'].get.parameters[0].schema = { type: 'string', format: 'uuid' }));
    const [probe] = unknownResourceProbes(uuid, uuid.operation('getItem'), { ...GET, pathParams: { id: '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b' } });
    expect(probe?.pathParams.id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  test('GEN-NEGATIVE fails an unknown id answered 200, 400 or a 404 in another shape, and passes the documented 404', () => {
    expect(checkUnknownResource(exchange(spec, 'getItem', { status: 200, json: ITEM })).map((f) => f.title)).toEqual(['Unknown resource not answered 404']);
    expect(checkUnknownResource(exchange(spec, 'getItem', { status: 400, json: ERROR })).map((f) => f.message)).toEqual(['Received: 400\nDocumented: 404 Not found']);
    expect(checkUnknownResource(exchange(spec, 'getItem', { status: 404, json: { oops: 'no' } })).length).toBeGreaterThan(0);
    expect(checkUnknownResource(exchange(spec, 'getItem', { status: 404, json: ERROR }))).toEqual([]);
  });
});

test.describe('credentials the operation must refuse (GEN-AUTH)', () => {
  test('GEN-AUTH sends a credential of every other scheme that travels in the same place, and none where no scheme shares it', () => {
    const probes = credentialProbes(spec, spec.operation('createItem'));
    expect(probes.map((p) => [p.name, p.credential, p.removeHeaders, p.expect])).toEqual([['a bearer credential', { kind: 'other-scheme', scheme: 'bearer' }, ['Authorization'], ['401']]]);
    expect(credentialProbes(spec, spec.operation('listItems')).map((p) => p.name)).toEqual(['an account credential']);
    expect(credentialProbes(spec, spec.operation('getItem'))).toEqual([]);
    expect(credentialProbes(spec, spec.operation('getHealth'))).toEqual([]);
  });

  test('GEN-AUTH expects a documented 403, a 410 for a deleted subject where Gone is documented, and 403 for missing scopes', async () => {
    const edited = await editedMini((doc) => {
      const op = (doc as Doc).paths['/items'].post;
      op.security = [{ account: ['write'] }];
      op.responses['403'] = { ...NOT_FOUND, description: 'Forbidden' };
      op.responses['410'] = { ...NOT_FOUND, description: 'Gone' };
    });
    const probes = credentialProbes(edited, edited.operation('createItem'));
    expect(probes.map((p) => [p.credential, p.expect])).toEqual([
      [{ kind: 'other-scheme', scheme: 'bearer' }, ['401', '403']],
      [{ kind: 'deleted-subject', scheme: 'account' }, ['410']],
      [{ kind: 'missing-scopes', scheme: 'account', scopes: ['write'] }, ['403']],
    ]);
  });

  test('GEN-AUTH fails an unfit credential that is served, or refused with a status not expected, or in another shape', () => {
    expect(checkCredentialRefused(exchange(spec, 'createItem', { status: 201, json: ITEM }), ['401']).map((f) => f.title)).toEqual(['Unfit credential not refused as documented']);
    expect(checkCredentialRefused(exchange(spec, 'getItem', { status: 401, json: ERROR }), ['404']).map((f) => f.message)).toEqual(['Received: 401\nDocumented: 404 Not found']);
    expect(checkCredentialRefused(exchange(spec, 'createItem', { status: 401, json: { oops: 'no' } }), ['401']).length).toBeGreaterThan(0);
    expect(checkCredentialRefused(exchange(spec, 'createItem', { status: 401, json: ERROR }), ['401', '403'])).toEqual([]);
  });
});
