/** Sonar scopes (SON-SCP-*): what a user token may read, and everything it may not do. */
import { connectFreshDevice, createFreshUser, freshReferenceId, userTokenFor, workerUserId } from '../../../src/adapters/sonar';
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

  test("SON-SCP-1 a user token sees its user's cloud device pending, then active once the provider OAuth completes", async ({ session, adapter, control }) => {
    const user = await test.step('create a user', () => createFreshUser(session));
    const connection = await test.step('start a cloud connection -> pending with an auth_url', () => connectFreshDevice(session, user.id));
    expect(connection.status, 'SON-SCP-1: createDevice answers the new device pending (the user still has to authorise at auth_url)').toBe('pending');
    const token = await userTokenFor(session, user.id);
    const listed = async (what: string) => {
      const res = await session.api.call('listDevices', { pathParams: { user_id: user.id }, auth: adapter.authHeaders('userToken', token.token), label: what });
      return (listData(session, res, what) as { id: string; status: string; connected_at: string | null }[]).find((d) => d.id === connection.id);
    };
    await test.step('the user token lists it pending, not connected yet', async () => {
      expect(await listed('SON-SCP-1 pending device'), 'SON-SCP-1: the device the user token lists right after the connection started').toMatchObject({ status: 'pending', connected_at: null });
    });
    await test.step('complete the provider OAuth (mock control: completeDeviceOAuth)', () => control.sandbox!.action('completeDeviceOAuth', { user_id: user.id, device_id: connection.id }));
    await test.step('the user token lists it active, connected', async () => {
      const device = await listed('SON-SCP-1 active device');
      expect(device?.status, 'SON-SCP-1: status of the device once the provider OAuth completed').toBe('active');
      expect(device?.connected_at, 'SON-SCP-1: connected_at of the active device').not.toBeNull();
    });
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
