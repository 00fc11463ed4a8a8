/** Every fault modifier of the Sonar mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { expect, test } from '@playwright/test';
import { definition } from '../../../mocks/sonar';
import { startSonar, type Sonar } from './helpers';
import { EXPECTED, PROBES, runProbes } from './probes';

type Drift = ReturnType<Sonar['drift']>[number];

/** Faults whose broken behaviour is also a schema violation: the drift they may cause, and nothing else. */
const EXPECTED_DRIFT: Record<string, (d: Drift) => boolean> = {
  'sonar.error-details-missing': (d) => d.status >= 400 && d.status < 500,
  'sonar.mobile-token-prefix-wrong': (d) => d.operationId === 'createMobileToken' && d.status === 200,
  'sonar.page-meta-missing': (d) => d.status === 200,
};

const NAMES = [
  'sonar.missing-auth-accepted',
  'sonar.unknown-key-accepted',
  'sonar.sandbox-user-not-seeded',
  'sonar.live-user-seeded',
  'sonar.environments-shared',
  'sonar.user-token-lifetime-24h',
  'sonar.expired-user-token-accepted',
  'sonar.expired-token-wrong-code',
  'sonar.refresh-keeps-expiry',
  'sonar.mobile-token-scopes-required',
  'sonar.mobile-token-prefix-wrong',
  'sonar.mobile-token-reusable',
  'sonar.mobile-token-never-expires',
  'sonar.mobile-token-accepted-on-rest',
  'sonar.rotated-key-still-valid',
  'sonar.key-lifetime-not-enforced',
  'sonar.user-token-refused-on-reads',
  'sonar.user-token-any-user',
  'sonar.user-token-can-write',
  'sonar.error-details-missing',
  'sonar.unknown-user-empty',
  'sonar.per-page-ignored',
  'sonar.page-meta-missing',
];

let mock: Sonar;

test.beforeAll(async () => {
  mock = await startSonar();
});
test.afterAll(async () => {
  await mock?.close();
});

async function driftDuring(run: () => Promise<void>): Promise<Drift[]> {
  const before = mock.drift().length;
  await run();
  return mock.drift().slice(before);
}

test('without faults every probe gives its documented outcome and nothing drifts', async () => {
  const drift = await driftDuring(async () => {
    expect(await runProbes(mock, [])).toEqual(EXPECTED);
  });
  expect(drift).toEqual([]);
});

test('the control surface lists every fault with what it breaks, and each breaks an ID that has a probe', async () => {
  const { faults } = await definition();
  const listed = JSON.stringify(await (await fetch(`${mock.controlUrl}/faults`)).json());
  for (const f of faults) {
    expect(f.name).toMatch(/^sonar\.[a-z0-9-]+$/);
    expect(f.description.length).toBeGreaterThan(10);
    expect(listed).toContain(f.name);
    for (const id of f.breaks) expect(Object.keys(PROBES), `${f.name} breaks ${id}`).toContain(id);
  }
  const broken = new Set(faults.flatMap((f) => f.breaks));
  for (const id of Object.keys(PROBES)) expect([...broken], `no fault breaks ${id}`).toContain(id);
});

test('the list of fault names below is every fault the mock defines', async () => {
  expect([...NAMES].sort()).toEqual((await definition()).faults.map((f) => f.name).sort());
});

test.describe('fault modifiers', () => {
  for (const name of NAMES) {
    test(`${name} changes exactly the probes of the IDs it breaks`, async () => {
      const fault = (await definition()).faults.find((f) => f.name === name)!;
      const drift = await driftDuring(async () => {
        const outcomes = await runProbes(mock, [name]);
        for (const [id, got] of Object.entries(outcomes)) {
          if (fault.breaks.includes(id)) expect(got, `${name} must break ${id}`).not.toBe(EXPECTED[id]);
          else expect(got, `${name} must leave ${id} alone`).toBe(EXPECTED[id]);
        }
      });
      const allowed = EXPECTED_DRIFT[name] ?? (() => false);
      expect(drift.filter((d) => !allowed(d))).toEqual([]);
    });
  }
});
