/** The run store: one creation per key for the whole run, shared by every worker (the broker), or by one worker. */
import { expect, test } from '@playwright/test';
import { brokerStore, localStore, startBroker, type RunStore } from '../../../src/run/store';

const later = <T>(value: T, ms = 50) => new Promise<T>((r) => setTimeout(() => r(value), ms));

async function withBroker(fn: (a: RunStore, b: RunStore, restarted: () => RunStore) => Promise<void>): Promise<void> {
  const broker = await startBroker();
  try {
    await fn(brokerStore(broker.url, broker.secret), brokerStore(broker.url, broker.secret), () => brokerStore(broker.url, broker.secret));
  } finally {
    await broker.close();
  }
}

test('workers asking the broker for one key at once share a single creation, and a later worker gets it without creating', async () => {
  await withBroker(async (a, b, restarted) => {
    let created = 0;
    const create = () => later({ token: `t${++created}` });
    const [x, y] = await Promise.all([a.get('sonar:token:user', create), b.get('sonar:token:user', create)]);
    expect(created).toBe(1);
    expect(x).toEqual({ token: 't1' });
    expect(y).toEqual(x);
    expect(await restarted().get('sonar:token:user', create)).toEqual({ token: 't1' });
    expect(created).toBe(1);
  });
});

test('a stale value is replaced once, however many workers find it stale; a failed creation passes the claim on', async () => {
  await withBroker(async (a, b) => {
    let created = 0;
    const create = () => later({ n: ++created, expired: created === 1 });
    expect(await a.get('k', create)).toEqual({ n: 1, expired: true });
    const fresh = { isFresh: (v: { expired: boolean }) => !v.expired };
    const [x, y] = await Promise.all([a.get('k', create, fresh), b.get('k', create, fresh)]);
    expect(created).toBe(2);
    expect(x).toEqual({ n: 2, expired: false });
    expect(y).toEqual(x);

    await expect(a.get('broken', () => Promise.reject(new Error('the provider refused')))).rejects.toThrow('the provider refused');
    expect(await b.get('broken', () => later('made by b'))).toBe('made by b');
    await a.delete('broken');
    expect(await b.get('broken', () => later('made again'))).toBe('made again');
  });
});

test('the broker serves only callers with its secret', async () => {
  const broker = await startBroker();
  try {
    const res = await fetch(`${broker.url}/claim`, { method: 'POST', body: JSON.stringify({ key: 'k' }) });
    expect(res.status).toBe(403);
    await expect(brokerStore(broker.url, 'not-the-secret').get('k', () => later(1))).rejects.toThrow(/answered 403/);
  } finally {
    await broker.close();
  }
});

test("a worker's own store shares one creation between concurrent callers and replaces a stale value once", async () => {
  const store = localStore();
  let created = 0;
  const create = () => later({ n: ++created });
  const [x, y] = await Promise.all([store.get('k', create), store.get('k', create)]);
  expect(created).toBe(1);
  expect(y).toBe(x);
  const stale = { isFresh: (v: { n: number }) => v.n > 1 };
  const [p, q] = await Promise.all([store.get('k', create, stale), store.get('k', create, stale)]);
  expect(created).toBe(2);
  expect(p).toEqual({ n: 2 });
  expect(q).toEqual(p);
});
