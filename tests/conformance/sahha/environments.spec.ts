/** Sahha environments (SAH-ENV-*): the documented base URLs, one per target, and tokens bound to their environment. */
import { appCredentials, clientCredentials, sampleExternalId } from '../../../src/adapters/sahha';
import type { Environment } from '../../../src/targets';
import { baseUrlVariable } from '../../../src/targets';
import { expect, test } from '../fixtures';
import { expectDocumented, expectRejected } from './support';

/** The base URLs the Sahha documentation gives (sahha-api.md: Environments). */
const DOCUMENTED: Record<Environment, string> = {
  sandbox: 'https://sandbox-api.sahha.ai/api/v1',
  production: 'https://api.sahha.ai/api/v1',
};

const other = (env: Environment): Environment => (env === 'sandbox' ? 'production' : 'sandbox');

test.describe('environments', () => {
  test('SAH-ENV-1 sandbox and production base URLs are the documented ones and the target uses exactly one of them', async ({ session, target }) => {
    const env = session.target.environment;

    await test.step('the spec documents exactly the two documented servers, one per environment', async () => {
      const servers = Object.fromEntries(session.spec.servers.map((s) => [s.environment, s.url.replace(/\/+$/, '')]));
      expect(servers, 'SAH-ENV-1: the servers of specs/sahha.openapi.yaml (x-environment -> url)').toEqual(DOCUMENTED);
    });

    await test.step(`the ${target} target resolves one base URL, the ${env} one`, async () => {
      const baseUrl = session.target.baseUrl;
      if (target === 'mock') {
        const instances = session.target.baseUrls ?? {};
        expect(env, 'SAH-ENV-1: the mock target is the sandbox environment').toBe('sandbox');
        expect(baseUrl, 'SAH-ENV-1: the mock target calls its sandbox instance').toBe(instances.sandbox);
        expect(baseUrl, 'SAH-ENV-1: the sandbox and production instances must be different servers').not.toBe(instances.production);
        expect(new URL(baseUrl).pathname, 'SAH-ENV-1: the mock serves the API under the documented server path').toBe(new URL(DOCUMENTED.sandbox).pathname);
      } else if (process.env[baseUrlVariable('sahha')]) {
        test.info().annotations.push({ type: 'note', description: `${baseUrlVariable('sahha')} overrides the ${env} base URL; only the spec's servers were compared with the documentation.` });
      } else {
        expect(baseUrl, `SAH-ENV-1: the ${target} target calls the documented ${env} server`).toBe(DOCUMENTED[env]);
      }
    });

    await test.step(`the target's client credentials get an account token from the ${env} environment`, async () => {
      const res = await session.api.call('getAccountToken', { json: clientCredentials(session), label: 'SAH-ENV-1: own credentials' });
      expectDocumented(session, res, 200, `SAH-ENV-1: the ${env} client credentials on the ${env} server`);
    });

    const otherEnv = other(env);
    if (!session.target.baseUrls?.[otherEnv]) return;
    await test.step(`the ${otherEnv} instance rejects the ${env} credentials, and the ${env} instance the ${otherEnv} ones`, async () => {
      for (const [server, creds] of [[otherEnv, env], [env, otherEnv]] as const) {
        const res = await session.api.call('getAccountToken', { json: clientCredentials(session, creds), environment: server, label: `SAH-ENV-1: ${creds} credentials on ${server}` });
        expectRejected(session, res, 401, `SAH-ENV-1: the ${server} instance must reject the ${creds} client credentials`);
      }
    });

    const app = appCredentials(session);
    if (!app) return;
    await test.step(`the ${otherEnv} instance rejects the ${env} AppId/AppSecret`, async () => {
      const res = await session.api.call('registerProfileWithAppId', { headers: { AppId: app.appId, AppSecret: app.appSecret }, json: { externalId: 'conformance-never-registered' }, environment: otherEnv, label: 'SAH-ENV-1: app credentials on the other environment' });
      expectRejected(session, res, 401, `SAH-ENV-1: the ${otherEnv} instance must reject the ${env} AppId/AppSecret`);
    });
  });

  test('SAH-ENV-2 a token minted in one environment is rejected with 401 by the other', async ({ session, adapter, control }) => {
    expect(control.production, 'SAH-ENV-2 needs the mock\'s production instance').toBeDefined();
    const pairs: [Environment, Environment][] = [['sandbox', 'production'], ['production', 'sandbox']];
    for (const [minted, used] of pairs) {
      await test.step(`an account token from ${minted} works on ${minted} and is rejected by ${used}`, async () => {
        const account = await adapter.obtain('account', session, minted);
        const call = (environment: Environment, externalId: string) =>
          session.api.call('getScoresByExternalId', { pathParams: { externalId }, auth: adapter.authHeaders('account', account.value), environment, label: `SAH-ENV-2: ${minted} account token on ${environment}` });
        expectDocumented(session, await call(minted, await sampleExternalId(session, minted)), 200, `SAH-ENV-2: a ${minted} account token on ${minted}`);
        expectRejected(session, await call(used, await sampleExternalId(session, used)), 401, `SAH-ENV-2: a ${minted} account token on ${used}`);
      });
      await test.step(`a profile token from ${minted} works on ${minted} and is rejected by ${used}`, async () => {
        const profile = await adapter.obtain('profile', session, minted);
        const call = (environment: Environment) => session.api.call('getScores', { auth: adapter.authHeaders('profile', profile.value), environment, label: `SAH-ENV-2: ${minted} profile token on ${environment}` });
        expectDocumented(session, await call(minted), 200, `SAH-ENV-2: a ${minted} profile token on ${minted}`);
        expectRejected(session, await call(used), 401, `SAH-ENV-2: a ${minted} profile token on ${used}`);
      });
    }
  });
});
