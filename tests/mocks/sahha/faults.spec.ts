/** Every fault modifier of the Sahha mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { expect, test } from '@playwright/test';
import { definition } from '../../../mocks/sahha';
import { startSahha } from './helpers';
import { EXPECTED, PROBES, runProbes, type Instances } from './probes';

type Drift = ReturnType<Instances['sandbox']['drift']>[number];

/** Faults whose broken behaviour is also a schema violation: the drift they may cause, and nothing else. */
const EXPECTED_DRIFT: Record<string, (d: Drift) => boolean> = {
  'sahha.account-token-short-lived': (d) => d.operationId === 'getAccountToken' && d.status === 200,
  'sahha.auth-error-without-body': (d) => d.status === 401,
};

let m: Instances;

test.beforeAll(async () => {
  const [sandbox, production] = await Promise.all([startSahha('sandbox'), startSahha('production')]);
  m = { sandbox, production };
});
test.afterAll(async () => {
  await Promise.all([m?.sandbox.close(), m?.production.close()]);
});

/** Drift recorded by both instances while `run` ran. */
async function driftDuring(run: () => Promise<void>): Promise<Drift[]> {
  const before = [m.sandbox.drift().length, m.production.drift().length];
  await run();
  return [...m.sandbox.drift().slice(before[0]), ...m.production.drift().slice(before[1])];
}

test('without faults every probe gives its documented outcome and nothing drifts', async () => {
  const drift = await driftDuring(async () => {
    expect(await runProbes(m, [])).toEqual(EXPECTED);
  });
  expect(drift).toEqual([]);
});

test('the control surface lists every fault with what it breaks, and each breaks an ID that has a probe', async () => {
  const { faults } = await definition();
  const listed = (await (await fetch(`${m.sandbox.controlUrl}/faults`)).json()) as unknown;
  const text = JSON.stringify(listed);
  for (const f of faults) {
    expect(f.name).toMatch(/^sahha\.[a-z0-9-]+$/);
    expect(f.description.length).toBeGreaterThan(10);
    expect(text).toContain(f.name);
    for (const id of f.breaks) expect(Object.keys(PROBES), `${f.name} breaks ${id}`).toContain(id);
  }
  const broken = new Set(faults.flatMap((f) => f.breaks));
  for (const id of Object.keys(PROBES)) expect([...broken], `no fault breaks ${id}`).toContain(id);
});

test('the generic faults that Sahha says break its IDs change the probes of those IDs', async () => {
  const { genericFaultBreaks } = await definition();
  expect(Object.keys(genericFaultBreaks ?? {}).length).toBeGreaterThan(0);
  for (const [name, ids] of Object.entries(genericFaultBreaks ?? {})) {
    const outcomes = await runProbes(m, [name]);
    for (const id of ids) expect(outcomes[id], `${name} must break ${id}`).not.toBe(EXPECTED[id]);
  }
});

test.describe('fault modifiers', () => {
  test.describe.configure({ mode: 'parallel' });
  const names = ['sahha.environments-mixed', 'sahha.cross-environment-token-accepted', 'sahha.account-token-short-lived', 'sahha.wrong-client-secret-accepted', 'sahha.register-token-short-lived', 'sahha.duplicate-external-id-accepted', 'sahha.wrong-app-secret-accepted', 'sahha.profile-token-unusable', 'sahha.bogus-refresh-token-accepted', 'sahha.expired-token-accepted', 'sahha.profile-token-reads-other-profile', 'sahha.profile-token-on-account-endpoint', 'sahha.account-token-on-profile-endpoint', 'sahha.scheme-word-ignored', 'sahha.scheme-word-case-sensitive', 'sahha.no-data-as-empty-array', 'sahha.malformed-query-ignored', 'sahha.invalid-data-log-accepted', 'sahha.demographic-put-merges', 'sahha.filters-ignored', 'sahha.missing-auth-accepted', 'sahha.auth-error-without-body'];

  test('the list below names every fault the mock defines', async () => {
    expect([...names].sort()).toEqual((await definition()).faults.map((f) => f.name).sort());
  });

  for (const name of names) {
    test(`${name} changes exactly the probes of the IDs it breaks`, async () => {
      const fault = (await definition()).faults.find((f) => f.name === name)!;
      const drift = await driftDuring(async () => {
        const outcomes = await runProbes(m, [name]);
        for (const [id, outcome] of Object.entries(outcomes)) {
          if (fault.breaks.includes(id)) expect(outcome, `${name} must break ${id}`).not.toBe(EXPECTED[id]);
          else expect(outcome, `${name} must leave ${id} alone`).toBe(EXPECTED[id]);
        }
      });
      const allowed = EXPECTED_DRIFT[name] ?? (() => false);
      expect(drift.filter((d) => !allowed(d))).toEqual([]);
    });
  }
});
