/**
 * Fixtures of the conformance suite. Provider and target are project options (playwright.config.ts).
 * Per worker: the target is resolved once (on the mock target the built-in mocks start in this worker),
 * one HTTP client captures every exchange redacted, and tokens are obtained once per kind.
 * Per test: the exchanges the test made are attached as `exchanges.json`; on the mock target the clock
 * is set back and only the faults asked for by CONFORMANCE_FAULTS stay on.
 */
import { test as base, type TestInfo } from '@playwright/test';
import { createTokenCache, getAdapter, type ProviderAdapter, type ProviderSession } from '../../src/adapters';
import * as path from 'node:path';
import { createBreaker, createHttpClient, defaultRedactor, type Breaker, type Exchange, type HttpClient } from '../../src/http';
import { CONTRACT_FAILURE, COULD_NOT_RUN_ANNOTATION, isCouldNotRunError } from '../../src/errors';
import { stripAnsi } from '../../reporters/collect';
import { localStore, prefixedStore, runStoreFromEnv } from '../../src/run/store';
import { loadSpec, type OperationInfo, type ProviderName } from '../../src/openapi';
import { resolveRemoteTarget, skipReason, type Environment, type ProviderTarget, type TargetName } from '../../src/targets';
import { ApiClient, type CallOptions } from '../../src/targets/api';
import { recordCreated } from '../../src/run/cleanup';
import { createHealthMask, healthDataHidden } from '../../src/health-data';
import type { HttpResponse } from '../../src/http';
import { MockControl } from '../../src/targets/mock-control';
import { loadMockDefinition, mockOptionsFromEnv } from '../../mocks/registry';
import { startMock } from '../../mocks/kernel';
import type { RunningMock } from '../../mocks/kernel/types';

export type ConformanceOptions = { provider: ProviderName; target: TargetName };

export interface WorkerEnv {
  session: ProviderSession;
  adapter: ProviderAdapter;
  /** Set when the provider cannot run on this target (missing credentials). */
  skip?: string;
  exchanges: Exchange[];
  /** Every answered call (operationId, status), for the coverage table. */
  calls: { operationId: string; status: number }[];
  /** Mock target only: the control surface of each instance. */
  control?: Partial<Record<Environment, MockControl>>;
  mocks: RunningMock<unknown>[];
  breaker: Breaker;
}

const envFaults = (): string[] => (process.env.CONFORMANCE_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

async function startMockTarget(provider: ProviderName): Promise<{ target: ProviderTarget; mocks: RunningMock<unknown>[] }> {
  const def = await loadMockDefinition(provider);
  const spec = def.spec;
  const sandboxUrl = spec.server('sandbox')?.url;
  const productionUrl = spec.server('production')?.url;
  const environments: Environment[] = sandboxUrl && productionUrl && sandboxUrl !== productionUrl ? ['sandbox', 'production'] : ['sandbox'];
  const mocks: RunningMock<unknown>[] = [];
  for (const environment of environments) {
    // MOCK_* variables may give the instances their credentials and an exchange log (mocks/registry.ts).
    const mock = (await startMock(def as never, { environment, port: 0, host: '127.0.0.1', validateResponses: true, ...mockOptionsFromEnv(provider, environment) })) as RunningMock<unknown>;
    if (envFaults().length) mock.enableFaults(envFaults());
    mocks.push(mock);
  }
  const byEnv = (pick: (m: RunningMock<unknown>) => string) => Object.fromEntries(mocks.map((m) => [m.environment, pick(m)])) as Partial<Record<Environment, string>>;
  const credentialsByEnvironment = Object.fromEntries(mocks.map((m) => [m.environment, def.credentials(m.state() as never)])) as Partial<Record<Environment, Record<string, string>>>;
  return {
    mocks,
    target: {
      provider,
      target: 'mock',
      environment: 'sandbox',
      baseUrl: mocks[0]!.baseUrl,
      credentials: credentialsByEnvironment.sandbox ?? {},
      missingCredentials: [],
      control: byEnv((m) => m.controlUrl),
      baseUrls: byEnv((m) => m.baseUrl),
      credentialsByEnvironment,
    },
  };
}

export const test = base.extend<
  { session: ProviderSession; adapter: ProviderAdapter; control: Partial<Record<Environment, MockControl>>; captureExchanges: void },
  ConformanceOptions & { env: WorkerEnv }
>({
  provider: ['sahha', { option: true, scope: 'worker' }],
  target: ['mock', { option: true, scope: 'worker' }],

  env: [
    async ({ provider, target }, use, workerInfo) => {
      const adapter = getAdapter(provider);
      const spec = await loadSpec(provider);
      let resolved: ProviderTarget;
      let mocks: RunningMock<unknown>[] = [];
      if (target === 'mock') ({ target: resolved, mocks } = await startMockTarget(provider));
      else resolved = resolveRemoteTarget(spec, target, adapter.credentials, process.env);
      const redactor = defaultRedactor;
      for (const creds of [resolved.credentials, ...Object.values(resolved.credentialsByEnvironment ?? {})]) {
        for (const [name, v] of Object.entries(creds ?? {})) redactor.addSecret(v, name);
      }
      // Health data: hidden at capture on production (or with --hide-health-data), by the spec's x-health-data marks.
      redactor.setHealthMask(healthDataHidden(target) ? createHealthMask(spec) : undefined);
      const exchanges: Exchange[] = [];
      // One breaker per provider for the whole run, shared by its workers: a target that stopped answering ends the run.
      const breaker = createBreaker({ name: `the ${provider} ${target}`, stateFile: path.join(workerInfo.project.outputDir, '.run-state', `${provider}-breaker.log`) });
      const http: HttpClient = createHttpClient({ timeoutMs: Number(process.env.CONFORMANCE_TIMEOUT_MS ?? 10_000), onExchange: (e) => exchanges.push(e), breaker }, redactor);
      const calls: WorkerEnv['calls'] = [];
      // Tokens and the worker's users: off the mock target once per worker slot for the whole run (the broker of
      // global-setup.ts; a worker restarted after a failure finds them), on the mock target per worker (its mocks too).
      const store = target === 'mock' ? localStore() : prefixedStore(runStoreFromEnv(), `slot-${workerInfo.parallelIndex}`);
      // On the sandbox target, what the run creates is recorded, to be deleted at its end (src/run/cleanup.ts).
      const onAnswer = target === 'sandbox' ? (op: OperationInfo, req: CallOptions, res: HttpResponse) => recordCreated(store, spec, resolved.environment, op, req, res) : undefined;
      const api = new ApiClient(spec, resolved, http, (c) => calls.push(c), onAnswer);
      const session: ProviderSession = { spec, target: resolved, api, redactor, tokens: undefined as never, store };
      session.tokens = createTokenCache(adapter, () => session, store);
      const control = resolved.control
        ? (Object.fromEntries(Object.entries(resolved.control).map(([env, url]) => [env, new MockControl(url!)])) as Partial<Record<Environment, MockControl>>)
        : undefined;
      await use({ session, adapter, skip: skipReason(resolved), exchanges, calls, control, mocks, breaker });
      await http.close();
      await Promise.all(mocks.map((m) => m.close()));
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  session: async ({ env }, use, testInfo) => {
    testInfo.skip(env.skip !== undefined, env.skip);
    await use(env.session);
  },
  adapter: async ({ env }, use) => use(env.adapter),
  control: async ({ env, target }, use, testInfo) => {
    testInfo.skip(target !== 'mock' || !env.control, `Needs the built-in mock's control surface (clock, keys, allowlist, faults); skipped on the ${target} target.`);
    await use(env.control!);
  },

  captureExchanges: [
    async ({ env }, use, testInfo) => {
      // The target stopped answering earlier in the run: this test ends at once, as could-not-run, with that reason.
      const stopped = env.breaker.tripped();
      if (stopped !== undefined) {
        testInfo.annotations.push({ type: COULD_NOT_RUN_ANNOTATION, description: stopped });
        testInfo.skip(true, stopped);
      }
      for (const m of env.mocks) {
        m.clock.reset();
        m.enableFaults(envFaults());
      }
      const start = env.exchanges.length;
      const callStart = env.calls.length;
      const driftStart = env.mocks.map((m) => m.drift().length);
      await use();
      await attachExchanges(testInfo, env.exchanges.slice(start));
      const calls = env.calls.slice(callStart);
      if (calls.length) await testInfo.attach('operations.json', { body: JSON.stringify(calls), contentType: 'application/json' });
      const drift = env.mocks.flatMap((m, i) => m.drift().slice(driftStart[i]));
      if (drift.length && !envFaults().length) {
        await testInfo.attach('mock-drift.json', { body: JSON.stringify(drift, null, 2), contentType: 'application/json' });
        // The built-in mock answered outside its own spec: a defect of this project, never hidden.
        throw new Error(`The built-in ${env.session.spec.provider} mock drifted from its spec during this test:\n${JSON.stringify(drift, null, 2)}`);
      }
      // A contract failure is the target's drift, not a broken worker: it is marked as a failure the run expects, so
      // Playwright keeps this worker (after an unexpected failure it starts a new one, and tokens, users and mocks
      // are built again: a drifting provider would cost many times a conforming one). The conformance reporter
      // counts it as failed. Could-not-run errors, timeouts and mock drift stay unexpected.
      if (testInfo.status === 'failed' && !isCouldNotRunError(stripAnsi(testInfo.error?.message ?? ''))) testInfo.fail(true, CONTRACT_FAILURE);
    },
    { auto: true },
  ],
});

async function attachExchanges(testInfo: TestInfo, exchanges: Exchange[]): Promise<void> {
  if (exchanges.length === 0) return;
  await testInfo.attach('exchanges.json', { body: JSON.stringify(exchanges, null, 2), contentType: 'application/json' });
}

/** Skips a catalog scenario on targets it does not belong to (the catalog's "where" column). */
export function runsOn(testInfo: TestInfo, target: TargetName, where: TargetName[], id: string): void {
  testInfo.skip(!where.includes(target), `${id} runs on ${where.join(', ')} only (catalog); skipped on the ${target} target.`);
}

export { expect } from '@playwright/test';
