/** Sonar errors (SON-ERR-*): one error shape with the documented code per status; unknown users are 404. */
import { createFreshUser } from '../../../src/adapters/sonar';
import { exampleBody } from '../../../src/adapters/spec-examples';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import type { ApiResult } from '../../../src/targets/api';
import { test } from '../fixtures';
import { expectDocumented, expectError, needsWrites, unknownUserId, withApiKey } from './support';

type Provoked = { what: string; status: number; code: string; call: () => Promise<ApiResult> };

/** Requests that reach each documented error status without writing anything. */
function readOnlyErrors(session: ProviderSession): Provoked[] {
  return [
    { what: 'per_page above 100', status: 400, code: 'invalid_request', call: () => withApiKey(session, 'listUsers', { query: { per_page: 101 }, label: 'SON-ERR-1 400' }) },
    { what: 'no Authorization header', status: 401, code: 'invalid_token', call: () => session.api.call('listUsers', { label: 'SON-ERR-1 401' }) },
    { what: 'an unknown user', status: 404, code: 'not_found', call: () => withApiKey(session, 'getUser', { pathParams: { user_id: unknownUserId() }, label: 'SON-ERR-1 404' }) },
  ];
}

/**
 * Connects the spec example's provider to the user twice; the second answer is returned (a sandbox user may come
 * with that provider connected already, and then the first answer is the conflict).
 */
async function connectTwice(session: ProviderSession, userId: string): Promise<ApiResult> {
  const connect = (label: string) => withApiKey(session, 'createDevice', { pathParams: { user_id: userId }, json: exampleBody(session.spec.operation('createDevice')), label });
  const first = await connect('SON-ERR-1 409 first device');
  if (first.status === 409) return first;
  const connected = Number(session.spec.operation('createDevice').responses.find((r) => /^2\d\d$/.test(r.status))!.status);
  expectDocumented(session, first, connected, 'SON-ERR-1: the first device of a provider');
  return connect('SON-ERR-1 409 device');
}

/** Requests that need a user token or a second user (mock and sandbox only). */
async function writingErrors(session: ProviderSession, adapter: ProviderAdapter): Promise<Provoked[]> {
  const auth = adapter.authHeaders('userToken', (await session.tokens.get('userToken')).value);
  const taken = await createFreshUser(session);
  const other = await createFreshUser(session);
  return [
    { what: 'a user token listing users', status: 403, code: 'insufficient_scope', call: () => session.api.call('listUsers', { auth, label: 'SON-ERR-1 403 scope' }) },
    { what: "a user token on another user's scores", status: 403, code: 'wrong_user', call: () => session.api.call('listScores', { pathParams: { user_id: other.id }, auth, label: 'SON-ERR-1 403 user' }) },
    { what: 'a reference_id already used', status: 409, code: 'conflict', call: () => withApiKey(session, 'createUser', { json: { reference_id: taken.reference_id }, label: 'SON-ERR-1 409' }) },
    { what: "another user's reference_id given to a user", status: 409, code: 'conflict', call: () => withApiKey(session, 'updateUser', { pathParams: { user_id: other.id }, json: { reference_id: taken.reference_id }, label: 'SON-ERR-1 409 update' }) },
    { what: 'a second device of a provider already connected', status: 409, code: 'conflict', call: () => connectTwice(session, taken.id) },
  ];
}

test.describe('errors', () => {
  test('SON-ERR-1 every error body is {error, message, details} with the documented code for its status', async ({ session, adapter, target }) => {
    const provoked = [...readOnlyErrors(session), ...(target === 'production' ? [] : await writingErrors(session, adapter))];
    for (const p of provoked) {
      await test.step(`${p.what} -> ${p.status} ${p.code} in the error shape`, async () => {
        expectError(session, await p.call(), p.status, p.code, `SON-ERR-1: ${p.what}`);
      });
    }
  });

  test('SON-ERR-2 an unknown user -> 404 not_found, on the user and on its data', async ({ session }) => {
    const userId = unknownUserId();
    for (const operationId of ['getUser', 'listScores', 'listDailyMetrics', 'listDevices']) {
      await test.step(`${operationId} of a well-formed id that no user has -> 404 not_found`, async () => {
        expectError(session, await withApiKey(session, operationId, { pathParams: { user_id: userId }, label: `SON-ERR-2 ${operationId}` }), 404, 'not_found', `SON-ERR-2: ${operationId} of an unknown user`);
      });
    }
  });

  test('SON-ERR-2 a deleted user is not found any more', async ({ session, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-ERR-2');
    const user = await test.step('create and delete a user', async () => {
      const created = await createFreshUser(session);
      expectDocumented(session, await withApiKey(session, 'deleteUser', { pathParams: { user_id: created.id }, label: 'SON-ERR-2 delete' }), 200, 'SON-ERR-2: deleteUser');
      return created;
    });
    for (const operationId of ['getUser', 'listScores']) {
      await test.step(`${operationId} of it -> 404 not_found`, async () => {
        expectError(session, await withApiKey(session, operationId, { pathParams: { user_id: user.id }, label: `SON-ERR-2 deleted ${operationId}` }), 404, 'not_found', `SON-ERR-2: ${operationId} of a deleted user`);
      });
    }
  });
});
