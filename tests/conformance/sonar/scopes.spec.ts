/** Sonar scopes (SON-SCP-*): what a user token may read, and everything it may not do. */
import { createFreshUser, freshReferenceId, workerUserId } from '../../../src/adapters/sonar';
import type { ProviderAdapter, ProviderSession } from '../../../src/adapters';
import type { ApiResult, CallOptions } from '../../../src/targets/api';
import { expect, test } from '../fixtures';
import { expectError, listData, needsWrites, USER_TOKEN_READS } from './support';

/** A call with the worker's user token (minted once per worker). */
async function withUserToken(session: ProviderSession, adapter: ProviderAdapter, operationId: string, opts: Omit<CallOptions, 'auth'>): Promise<ApiResult> {
  const grant = await session.tokens.get('userToken');
  return session.api.call(operationId, { ...opts, auth: adapter.authHeaders('userToken', grant.value) });
}

test.describe('scopes', () => {
  test("SON-SCP-1 a user token reads its own user's scores, daily, sleep, workouts, timeseries and devices", async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-SCP-1');
    const userId = await workerUserId(session);
    for (const { operationId, query } of USER_TOKEN_READS) {
      await test.step(`${operationId} of its own user -> 200 with the user's data`, async () => {
        const res = await withUserToken(session, adapter, operationId, { pathParams: { user_id: userId }, query, label: `SON-SCP-1 ${operationId}` });
        const data = listData(session, res, `SON-SCP-1: ${operationId} with the user's own token`);
        const others = data.filter((item) => 'user_id' in item && item.user_id !== userId);
        expect(others.length, `SON-SCP-1: ${operationId} must return only the token user's items`).toBe(0);
      });
    }
  });

  test("SON-SCP-2 a user token on another user's data -> 403 wrong_user", async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-SCP-2');
    const other = await test.step('create another user', () => createFreshUser(session));
    for (const { operationId, query } of USER_TOKEN_READS) {
      await test.step(`${operationId} of the other user -> 403 wrong_user`, async () => {
        const res = await withUserToken(session, adapter, operationId, { pathParams: { user_id: other.id }, query, label: `SON-SCP-2 ${operationId}` });
        expectError(session, res, 403, 'wrong_user', `SON-SCP-2: ${operationId} of another user with a user token`);
      });
    }
  });

  test('SON-SCP-3 a user token creating or deleting users, managing webhooks, or minting tokens -> 403 insufficient_scope', async ({ session, adapter, target }, testInfo) => {
    needsWrites(testInfo, target, 'SON-SCP-3');
    const userId = await workerUserId(session);
    const victim = await test.step('create a user the probes name (never the worker user)', () => createFreshUser(session));
    const probes: { operationId: string; opts: Omit<CallOptions, 'auth'> }[] = [
      { operationId: 'createUser', opts: { json: { reference_id: freshReferenceId() } } },
      { operationId: 'deleteUser', opts: { pathParams: { user_id: victim.id } } },
      { operationId: 'listUsers', opts: {} },
      { operationId: 'listWebhooks', opts: {} },
      { operationId: 'createWebhook', opts: { json: { url: 'https://example.com/hooks/sonar', events: ['score.updated'] } } },
      { operationId: 'updateWebhook', opts: { pathParams: { webhook_id: 'whk_mock_0001' }, json: { status: 'disabled' } } },
      { operationId: 'deleteWebhook', opts: { pathParams: { webhook_id: 'whk_mock_0001' } } },
      { operationId: 'listEvents', opts: {} },
      { operationId: 'createUserToken', opts: { json: { user_id: userId } } },
      { operationId: 'refreshUserToken', opts: { json: { user_id: userId } } },
      { operationId: 'createMobileToken', opts: { json: { user_id: userId } } },
    ];
    for (const { operationId, opts } of probes) {
      await test.step(`${operationId} with a user token -> 403 insufficient_scope`, async () => {
        const res = await withUserToken(session, adapter, operationId, { ...opts, label: `SON-SCP-3 ${operationId}` });
        expectError(session, res, 403, 'insufficient_scope', `SON-SCP-3: ${operationId} with a user token`);
      });
    }
  });
});
