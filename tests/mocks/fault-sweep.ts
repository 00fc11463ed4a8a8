/**
 * The fault sweep of a provider's mock, shared by every provider's faults.spec.ts: without faults every probe gives
 * its documented outcome and nothing drifts; the control surface lists every fault; and each fault modifier
 * changes exactly the probes of the IDs it breaks, causing no drift but what it may. The provider brings its
 * probes (one small probe per catalog ID, see <provider>/probes.ts), the instances they run on and its fault names.
 */
import { expect, test as base } from '@playwright/test';
import type { DriftEntry, ProviderMockDefinition, RunningMock } from '../../mocks/kernel/types';
import type { ProviderName } from '../../src/openapi';

/** One probe: a few requests to the instances, summarised as one outcome string. */
export type Probe<T> = (target: T) => Promise<string>;

/** What the probes run on: `target` is what each probe gets, `instances` the running mocks inside it. */
export interface Probed<T> {
  target: T;
  instances: RunningMock<unknown>[];
}

/** Probes that run on one instance get that instance. */
export const alone = <M extends RunningMock<any>>(mock: M): Probed<M> => ({ target: mock, instances: [mock] });

export interface FaultSweep<T> {
  provider: ProviderName;
  definition: () => Promise<ProviderMockDefinition<any>>;
  /** Starts the instances the probes run on (once per worker; closed when the worker ends). */
  start: () => Promise<Probed<T>>;
  probes: Record<string, Probe<T>>;
  /** What every probe gives when no fault is on. */
  expected: Record<string, string>;
  /** Every fault the mock defines, one test each. */
  names: string[];
  /** Faults whose broken behaviour is also a schema violation: the drift they may cause, and nothing else. */
  expectedDrift?: Record<string, (d: DriftEntry) => boolean>;
  /**
   * How the provider's sweep was laid out (titles kept as they were): "serial" checks the names list at the top
   * level; "parallel" runs the fault-modifier tests in parallel and checks the names list among them.
   */
  layout: 'serial' | 'parallel';
}

/** Runs every probe from a fresh state of every instance, with exactly these faults on. */
export async function runProbes<T>(probes: Record<string, Probe<T>>, { target, instances }: Probed<T>, faultNames: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [id, probe] of Object.entries(probes)) {
    for (const mock of instances) {
      mock.reset();
      mock.enableFaults(faultNames);
    }
    out[id] = await probe(target);
  }
  return out;
}

/** Drift recorded by every instance while `run` ran. */
async function driftDuring(instances: RunningMock<unknown>[], run: () => Promise<void>): Promise<DriftEntry[]> {
  const before = instances.map((m) => m.drift().length);
  await run();
  return instances.flatMap((m, i) => m.drift().slice(before[i]));
}

/**
 * Declares the sweep's tests in the calling spec file. Returns its `test` (with the worker's `probed` instances)
 * and a runner of the probes, for the provider's own further tests.
 */
export function sweepFaults<T>(sweep: FaultSweep<T>) {
  const { provider, definition, probes, expected, names, expectedDrift = {} } = sweep;
  const test = base.extend<object, { probed: Probed<T> }>({
    probed: [
      async ({}, use) => {
        const probed = await sweep.start();
        try {
          await use(probed);
        } finally {
          await Promise.all(probed.instances.map((m) => m.close()));
        }
      },
      { scope: 'worker' },
    ],
  });
  const run = (probed: Probed<T>, faultNames: string[]) => runProbes(probes, probed, faultNames);

  test('without faults every probe gives its documented outcome and nothing drifts', async ({ probed }) => {
    const drift = await driftDuring(probed.instances, async () => {
      expect(await run(probed, [])).toEqual(expected);
    });
    expect(drift).toEqual([]);
  });

  test('the control surface lists every fault with what it breaks, and each breaks an ID that has a probe', async ({ probed }) => {
    const { faults } = await definition();
    const listed = JSON.stringify(await (await fetch(`${probed.instances[0]!.controlUrl}/faults`)).json());
    for (const f of faults) {
      expect(f.name).toMatch(new RegExp(`^${provider}\\.[a-z0-9-]+$`));
      expect(f.description.length).toBeGreaterThan(10);
      expect(listed).toContain(f.name);
      for (const id of f.breaks) expect(Object.keys(probes), `${f.name} breaks ${id}`).toContain(id);
    }
    const broken = new Set(faults.flatMap((f) => f.breaks));
    for (const id of Object.keys(probes)) expect([...broken], `no fault breaks ${id}`).toContain(id);
  });

  const namesAreComplete = async () => {
    expect([...names].sort()).toEqual((await definition()).faults.map((f) => f.name).sort());
  };
  if (sweep.layout === 'serial') test('the list of fault names below is every fault the mock defines', namesAreComplete);

  test.describe('fault modifiers', () => {
    if (sweep.layout === 'parallel') {
      test.describe.configure({ mode: 'parallel' });
      test('the list below names every fault the mock defines', namesAreComplete);
    }
    for (const name of names) {
      test(`${name} changes exactly the probes of the IDs it breaks`, async ({ probed }) => {
        const fault = (await definition()).faults.find((f) => f.name === name)!;
        const drift = await driftDuring(probed.instances, async () => {
          const outcomes = await run(probed, [name]);
          for (const [id, got] of Object.entries(outcomes)) {
            if (fault.breaks.includes(id)) expect(got, `${name} must break ${id}`).not.toBe(expected[id]);
            else expect(got, `${name} must leave ${id} alone`).toBe(expected[id]);
          }
        });
        const allowed = expectedDrift[name] ?? (() => false);
        expect(drift.filter((d) => !allowed(d))).toEqual([]);
      });
    }
  });

  return { test, run };
}
