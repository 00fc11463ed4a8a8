/** GEN-AUTH: the rejection probes derived from security requirements, and the check of their answers. */
import { expect, test } from '@playwright/test';
import { authProbes, checkAuthRejected, MALFORMED_CREDENTIAL, type AuthProbe } from '../../../src/checks';
import type { Spec } from '../../../src/openapi';
import { editedMini, ERROR, exchange, ITEM, mini } from './helpers';

let spec: Spec;
test.beforeAll(async () => {
  spec = await mini();
});

const probesOf = (operationId: string) => authProbes(spec, spec.operation(operationId));
const byName = (probes: AuthProbe[]) => Object.fromEntries(probes.map((p) => [p.name, p]));

test('GEN-AUTH derives "no credentials" and a malformed key for an apiKey header scheme', () => {
  const probes = probesOf('getItem');
  expect(probes.map((p) => [p.name, p.setHeaders, p.removeHeaders, p.setQuery, p.removeQuery])).toEqual([
    ['no credentials', {}, ['x-api-key'], {}, []],
    ['a malformed apiKey credential', { 'x-api-key': MALFORMED_CREDENTIAL }, [], {}, []],
  ]);
  expect(probes[0]?.description).toBe('The request carries none of its credentials (header x-api-key removed).');
});

test('GEN-AUTH puts the x-scheme-word before the garbage of an Authorization apiKey scheme', () => {
  const malformed = byName(probesOf('createItem'))['a malformed account credential'];
  expect(malformed?.setHeaders).toEqual({ Authorization: `account ${MALFORMED_CREDENTIAL}` });
  expect(byName(probesOf('createItem'))['no credentials']?.removeHeaders).toEqual(['Authorization']);
});

test('GEN-AUTH removes every credential of every alternative and keeps the companions of a malformed scheme', () => {
  const probes = byName(probesOf('listItems'));
  expect(Object.keys(probes)).toEqual(['no credentials', 'a malformed bearer credential', 'a malformed appId credential', 'a malformed appSecret credential', 'a malformed queryKey credential']);
  expect(probes['no credentials']).toMatchObject({ removeHeaders: ['Authorization', 'AppId', 'AppSecret'], removeQuery: ['key'], setHeaders: {}, setQuery: {} });
  expect(probes['a malformed bearer credential']).toMatchObject({ setHeaders: { Authorization: `Bearer ${MALFORMED_CREDENTIAL}` }, removeHeaders: ['AppId', 'AppSecret'], removeQuery: ['key'] });
  // AppId and AppSecret are sent together: a malformed AppId keeps the AppSecret of the valid request.
  expect(probes['a malformed appId credential']).toMatchObject({ setHeaders: { AppId: MALFORMED_CREDENTIAL }, removeHeaders: ['Authorization'], removeQuery: ['key'] });
  expect(probes['a malformed queryKey credential']).toMatchObject({ setHeaders: {}, setQuery: { key: MALFORMED_CREDENTIAL }, removeHeaders: ['Authorization', 'AppId', 'AppSecret'], removeQuery: [] });
});

test('GEN-AUTH sends a malformed cookie and a malformed Basic credential for those schemes', async () => {
  const edited = await editedMini((doc) => {
    Object.assign(doc.components!.securitySchemes!, { session: { type: 'apiKey', in: 'cookie', name: 'sid' }, basic: { type: 'http', scheme: 'basic' } });
    (doc.paths!['/items/{id}']!.get as { security?: unknown }).security = [{ session: [] }, { basic: [] }];
  });
  const probes = byName(authProbes(edited, edited.operation('getItem')));
  expect(probes['no credentials']?.removeHeaders).toEqual(['Cookie', 'Authorization']);
  expect(probes['a malformed session credential']).toMatchObject({ setHeaders: { Cookie: `sid=${MALFORMED_CREDENTIAL}` }, removeHeaders: ['Authorization'] });
  expect(probes['a malformed basic credential']).toMatchObject({ setHeaders: { Authorization: `Basic ${MALFORMED_CREDENTIAL}` }, removeHeaders: ['Cookie'] });
});

test('GEN-AUTH derives no probe for an operation that may be called without credentials', async () => {
  expect(probesOf('getHealth')).toEqual([]);
  const optional = await editedMini((doc) => {
    (doc.paths!['/items/{id}']!.get as { security?: unknown }).security = [{}, { apiKey: [] }];
  });
  expect(authProbes(optional, optional.operation('getItem'))).toEqual([]);
});

test('GEN-AUTH passes a 401 in the documented error shape', () => {
  expect(checkAuthRejected(exchange(spec, 'createItem', { status: 401, json: ERROR }))).toEqual([]);
});

test('GEN-AUTH fails a probe that is not answered 401', () => {
  for (const status of [200, 403]) {
    const [f, ...rest] = checkAuthRejected(exchange(spec, 'createItem', { status, json: status === 200 ? ITEM : ERROR }));
    expect(rest).toEqual([]);
    expect(f).toEqual({
      check: 'GEN-AUTH',
      title: 'Bad credentials not rejected with 401',
      message: `Received: ${status}\nDocumented: 401 No credentials, or bad ones`,
      pointer: '#/paths/~1items/post/responses/401',
      severity: 'error',
    });
  }
});

test('GEN-AUTH fails a 401 whose body is not in the documented error shape', () => {
  const [f, ...rest] = checkAuthRejected(exchange(spec, 'getItem', { status: 401, json: { detail: 'Unauthorized' } }));
  expect(rest).toEqual([]);
  expect(f?.check).toBe('GEN-AUTH');
  expect(f?.title).toBe('Body does not match the documented schema');
  expect(f?.diagnostics?.map((d) => d.message).sort()).toEqual(['body must have property "error"', 'body must have property "message"']);
  expect(checkAuthRejected(exchange(spec, 'getItem', { status: 401, text: 'Unauthorized', headers: { 'content-type': 'text/plain' } })).map((x) => x.title)).toEqual(['Body is not JSON']);
});
