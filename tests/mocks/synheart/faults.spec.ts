/** Every fault modifier of the Synheart mock changes exactly the behaviour it names, shown by the per-ID probes. */
import { expect, test } from '@playwright/test';
import { definition } from '../../../mocks/synheart';
import { startSynheart, type Synheart } from './helpers';
import { EXPECTED, PROBES, runProbes } from './probes';

type Drift = ReturnType<Synheart['drift']>[number];

/** Faults whose broken behaviour is also a schema violation: the drift they may cause, and nothing else. */
const EXPECTED_DRIFT: Record<string, (d: Drift) => boolean> = {
  'synheart.rate-limit-without-retry-hint': (d) => d.status === 429,
};

const NAMES = [
  'synheart.read-scope-refused',
  'synheart.unknown-key-accepted',
  'synheart.missing-auth-accepted',
  'synheart.revocation-delayed',
  'synheart.write-scope-not-enforced',
  'synheart.delete-scope-not-enforced',
  'synheart.allowlist-ignored',
  'synheart.allowlist-message-changed',
  'synheart.app-id-mismatch-accepted',
  'synheart.bad-signature-accepted',
  'synheart.stale-timestamp-accepted',
  'synheart.nonce-replay-accepted',
  'synheart.rate-limit-not-enforced',
  'synheart.rate-limit-without-retry-hint',
  'synheart.environment-tag-matters',
  'synheart.slow-down-not-enforced',
  'synheart.device-code-never-expires',
  'synheart.device-denial-ignored',
  'synheart.device-code-reusable',
];

let mock: Synheart;

test.beforeAll(async () => {
  mock = await startSynheart();
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
    expect(f.name).toMatch(/^synheart\.[a-z0-9-]+$/);
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
