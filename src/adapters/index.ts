import type { ProviderName } from '../spec';
import type { Environment } from '../targets';
import type { ProviderAdapter, ProviderSession, TokenCache, TokenGrant } from './types';

export * from './types';

/** The adapter of a provider: `src/adapters/<provider>.ts` exports `adapter`. */
export function getAdapter(provider: ProviderName): ProviderAdapter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`./${provider}`) as { adapter: ProviderAdapter };
  return mod.adapter;
}

/** Tokens obtained once per kind and environment, on first use; concurrent callers share one request. */
export function createTokenCache(adapter: ProviderAdapter, session: () => ProviderSession): TokenCache {
  const cache = new Map<string, Promise<TokenGrant>>();
  const key = (kind: string, env?: Environment) => `${kind}@${env ?? 'default'}`;
  return {
    get(kind, environment) {
      const k = key(kind, environment);
      let p = cache.get(k);
      if (!p) {
        p = adapter.obtain(kind, session(), environment);
        p.catch(() => cache.delete(k));
        cache.set(k, p);
      }
      return p;
    },
    forget(kind, environment) {
      cache.delete(key(kind, environment));
    },
  };
}
