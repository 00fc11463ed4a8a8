import type { ProviderName } from '../openapi';
import type { Environment } from '../targets';
import type { ProviderAdapter, ProviderSession, TokenCache, TokenGrant } from './types';
import { localStore, type RunStore } from '../run/store';

export * from './types';

/** The adapter of a provider: `src/adapters/<provider>.ts` exports `adapter`. */
export function getAdapter(provider: ProviderName): ProviderAdapter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`./${provider}`) as { adapter: ProviderAdapter };
  return mod.adapter;
}

/** A token is minted again when it has less than this left (sandbox and production, where the clock is real). */
export const TOKEN_RENEW_MARGIN_MS = 60_000;

/**
 * Tokens obtained once per kind and environment, on first use, and kept in the run store: once for the whole run on
 * the sandbox and production targets (a restarted worker finds them), once per worker on the mock target. Concurrent
 * callers share one request. A token that expires is minted again when next asked for, never earlier; one a scenario
 * spends is forgotten by it. The secrets learnt while minting travel with the token, so a worker that did not mint it
 * still redacts them.
 */
export function createTokenCache(adapter: ProviderAdapter, session: () => ProviderSession, store: RunStore = localStore()): TokenCache {
  const key = (kind: string, env?: Environment) => `${adapter.provider}:token:${kind}@${env ?? 'default'}`;
  type Stored = { grant: TokenGrant; secrets: string[] };
  // Off the run-wide store (the mock target) the mock's clock, not this one, says when a token expires.
  const isFresh = (s: Stored) => store.scope === 'worker' || s.grant.expiresAt === undefined || s.grant.expiresAt - Date.now() > TOKEN_RENEW_MARGIN_MS;
  const forgetting = new Map<string, Promise<void>>();
  return {
    async get(kind, environment) {
      await forgetting.get(key(kind, environment));
      const mint = async (): Promise<Stored> => {
        const grant = await adapter.obtain(kind, session(), environment);
        return { grant, secrets: session().redactor.knownSecrets() };
      };
      const stored = await store.get(key(kind, environment), mint, { isFresh });
      for (const secret of stored.secrets) session().redactor.addSecret(secret);
      return stored.grant;
    },
    forget(kind, environment) {
      const k = key(kind, environment);
      forgetting.set(k, store.delete(k).finally(() => forgetting.delete(k)));
    },
  };
}
