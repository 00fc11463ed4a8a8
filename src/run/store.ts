/**
 * The run store: values that cost requests to make (tokens, the users and profiles tests share) obtained once for the
 * whole run and kept across worker restarts (a failed test restarts its Playwright worker). On the sandbox and
 * production targets it is a small broker in the runner process (`startBroker`, started by the suite's global
 * set-up) that workers ask over loopback; values live in its memory only, never on disk. On the mock target the
 * mocks themselves live in the worker and start fresh with it, so the store is the worker's own (`localStore`).
 *
 * `get(key, create)` returns the value, creating it once: concurrent callers in any worker wait for the one creation.
 * A value the caller finds stale (`isFresh` false: an expired token) is replaced, by one caller only.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';

export interface StoreOptions<T> {
  /** False when the value can no longer be used (a token past its expiry): it is created again, once. */
  isFresh?: (value: T) => boolean;
}

export interface RunStore {
  /** Whether values outlive this worker (the broker) or not (the worker's own store). */
  readonly scope: 'run' | 'worker';
  get<T>(key: string, create: () => Promise<T>, opts?: StoreOptions<T>): Promise<T>;
  /** Forgets a value (a scenario spent or broke it); the next `get` creates it again. */
  delete(key: string): Promise<void>;
  /** Adds a value to a list of the run (what the run created, for its clean-up). */
  append(list: string, value: unknown): Promise<void>;
  /** The values of a list, in the order they were added. */
  list<T>(list: string): Promise<T[]>;
}

/** The worker's own store: a map of promises (concurrent callers share one creation). */
export function localStore(): RunStore {
  const values = new Map<string, Promise<unknown>>();
  const get = async <T>(key: string, create: () => Promise<T>, opts: StoreOptions<T> = {}): Promise<T> => {
    const existing = values.get(key) as Promise<T> | undefined;
    if (existing) {
      const value = await existing.catch(() => undefined);
      if (value !== undefined && (opts.isFresh?.(value) ?? true)) return value;
      if (values.get(key) === existing) values.delete(key);
      return get(key, create, opts); // another caller may be replacing it already
    }
    const created = create();
    values.set(key, created);
    created.catch(() => values.get(key) === created && values.delete(key));
    return created;
  };
  const lists = new Map<string, unknown[]>();
  return {
    scope: 'worker',
    get,
    async delete(key) {
      values.delete(key);
    },
    async append(list, value) {
      lists.set(list, [...(lists.get(list) ?? []), value]);
    },
    async list<T>(list: string) {
      return [...(lists.get(list) ?? [])] as T[];
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The broker (runner process) and its client (workers).

/** Environment variables through which workers find the broker (set by the global set-up, inherited by workers). */
export const BROKER_URL_VARIABLE = 'CONFORMANCE_RUN_STORE_URL';
export const BROKER_SECRET_VARIABLE = 'CONFORMANCE_RUN_STORE_SECRET';

/** A claim not settled within this time (its worker died while creating) passes to the next caller. */
const CLAIM_TIMEOUT_MS = 120_000;

interface Entry {
  version: number;
  value?: string;
  /** The claim of the caller creating the value now, and when it lapses. */
  claim?: { id: string; until: number };
  waiting: (() => void)[];
}

type ClaimAnswer = { value: string; version: number } | { claim: string };

export interface Broker {
  url: string;
  secret: string;
  close(): Promise<void>;
}

/** Starts the broker on loopback; only callers with the secret are served. */
export async function startBroker(): Promise<Broker> {
  const secret = crypto.randomBytes(24).toString('hex');
  const entries = new Map<string, Entry>();
  const lists = new Map<string, string[]>();
  const entry = (key: string): Entry => {
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { version: 0, waiting: [] }));
    return e;
  };
  const wake = (e: Entry) => e.waiting.splice(0).forEach((w) => w());

  /** A value, or the claim to create it; waits while another caller holds a live claim. */
  const claim = async (key: string, staleVersion: number | undefined): Promise<ClaimAnswer> => {
    const e = entry(key);
    for (;;) {
      if (e.value !== undefined && (staleVersion === undefined || e.version !== staleVersion)) return { value: e.value, version: e.version };
      if (!e.claim || e.claim.until < Date.now()) {
        if (staleVersion !== undefined && e.version === staleVersion) e.value = undefined;
        e.claim = { id: crypto.randomUUID(), until: Date.now() + CLAIM_TIMEOUT_MS };
        return { claim: e.claim.id };
      }
      staleVersion = undefined; // someone is already replacing it: take what they make
      await new Promise<void>((resolve) => {
        e.waiting.push(resolve);
        setTimeout(resolve, Math.max(0, e.claim!.until - Date.now()) + 10).unref();
      });
    }
  };

  const server = http.createServer((req, res) => {
    if (req.headers['x-run-store'] !== secret || req.method !== 'POST') {
      res.writeHead(403).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { key: string; claim?: string; value?: string; stale?: number; list?: string };
        let answer: unknown = {};
        const e = body.key === undefined ? undefined : entry(body.key);
        if (req.url === '/append') lists.set(body.list!, [...(lists.get(body.list!) ?? []), body.value!]);
        else if (req.url === '/list') answer = { values: lists.get(body.list!) ?? [] };
        else if (req.url === '/claim') answer = await claim(body.key, body.stale);
        else if (!e) answer = {};
        else if (req.url === '/put' && e.claim?.id === body.claim) {
          e.value = body.value;
          e.version++;
          e.claim = undefined;
          wake(e);
        } else if (req.url === '/release' && e.claim?.id === body.claim) {
          e.claim = undefined;
          wake(e);
        } else if (req.url === '/delete') {
          e.value = undefined;
          e.version++;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      })().catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A store backed by the broker. Values travel as JSON. A caller that reads a value another worker created must
 * register the secrets it carries with its own redactor (the token cache keeps them with each token).
 */
export function brokerStore(url: string, secret: string): RunStore {
  const post = async <A>(path: string, body: unknown): Promise<A> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'x-run-store': secret, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`The run store answered ${res.status} to ${path}: ${await res.text()}`);
    return (await res.json()) as A;
  };
  return {
    scope: 'run',
    async get<T>(key: string, create: () => Promise<T>, opts: StoreOptions<T> = {}): Promise<T> {
      let stale: number | undefined;
      for (;;) {
        const answer = await post<ClaimAnswer>('/claim', { key, stale });
        if ('value' in answer) {
          const value = JSON.parse(answer.value) as T;
          if (opts.isFresh?.(value) ?? true) return value;
          stale = answer.version;
          continue;
        }
        let value: T;
        try {
          value = await create();
        } catch (err) {
          await post('/release', { key, claim: answer.claim });
          throw err;
        }
        await post('/put', { key, claim: answer.claim, value: JSON.stringify(value) });
        return value;
      }
    },
    async delete(key) {
      await post('/delete', { key });
    },
    async append(list, value) {
      await post('/append', { list, value: JSON.stringify(value) });
    },
    async list<T>(list: string) {
      return (await post<{ values: string[] }>('/list', { list })).values.map((v) => JSON.parse(v) as T);
    },
  };
}

/**
 * The part of a store under a prefix. The suite gives each worker slot (Playwright's parallelIndex, which a worker
 * started after a failure takes over) its own part: the users and tokens of a slot outlive its worker's restarts,
 * and two workers never share a user whose state their scenarios change.
 */
export function prefixedStore(store: RunStore, prefix: string): RunStore {
  return {
    scope: store.scope,
    get: (key, create, opts) => store.get(`${prefix}/${key}`, create, opts),
    delete: (key) => store.delete(`${prefix}/${key}`),
    // Lists are the run's, not the slot's: the clean-up reads them whole.
    append: (list, value) => store.append(list, value),
    list: (list) => store.list(list),
  };
}

/** The store for this process: the broker when the global set-up started one, else the worker's own. */
export function runStoreFromEnv(env: NodeJS.ProcessEnv = process.env): RunStore {
  const url = env[BROKER_URL_VARIABLE];
  const secret = env[BROKER_SECRET_VARIABLE];
  return url && secret ? brokerStore(url, secret) : localStore();
}
