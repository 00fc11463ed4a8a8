/**
 * The fixtures of the mocks' own tests, shared by every provider's fixtures.ts: an instance started once per worker
 * (closed when the worker ends), handed to each test fresh (seed state, clock at start, faults off), and the test
 * fails if the instance answered outside its spec while the test ran.
 */
import { expect, test as base } from '@playwright/test';
import type { RunningMock } from '../../mocks/kernel/types';

/** A worker-scoped fixture: the instance `start` gives, started once per worker and closed when the worker ends. */
export function perWorker<M extends RunningMock<any>>(start: () => Promise<M>): [(args: {}, use: (mock: M) => Promise<void>) => Promise<void>, { scope: 'worker' }] {
  const fixture = async ({}, use: (mock: M) => Promise<void>) => {
    const mock = await start();
    try {
      await use(mock);
    } finally {
      await mock.close();
    }
  };
  return [fixture, { scope: 'worker' }];
}

/** Hands `mock` to one test from a fresh state, and fails the test if it drifted from its spec meanwhile. */
export async function fresh<M extends RunningMock<any>>(mock: M, use: (mock: M) => Promise<void>): Promise<void> {
  mock.reset();
  mock.enableFaults([]);
  const before = mock.drift().length;
  await use(mock);
  expect(mock.drift().slice(before), `every response the ${mock.provider} mock (${mock.environment}) sent during the test validates against its spec`).toEqual([]);
}

/** `test` with `mock`: a fresh instance of the worker's, started by `start`. */
export function withMock<M extends RunningMock<any>>(start: () => Promise<M>) {
  return base.extend<{ mock: M }, { instance: M }>({
    instance: perWorker(start),
    mock: ({ instance }, use) => fresh(instance, use),
  });
}

export { expect };
