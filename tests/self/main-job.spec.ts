/**
 * The main job, as CI would run it: the whole conformance suite against the built-in mocks passes, names every
 * provider catalog ID in some test, and gives the same result three times in a row with the same GEN-FUZZ seed (no
 * flaky test, the generated requests replayed), the seed written to each run's results.json.
 */
import { expect, test } from '@playwright/test';
import { loadCatalog } from '../../src/catalog';
import { runConformance, type SuiteRun } from './harness';

const outcome = (run: SuiteRun) => run.tests.map((t) => `${t.project} | ${t.title} | ${t.status}`).sort();

test('the conformance run against the built-in mocks passes, covers every catalog scenario, and repeats identically three times', async () => {
  test.setTimeout(900_000);
  const runs: SuiteRun[] = [];
  const seed = '424242';
  for (let i = 0; i < 3; i++) runs.push(await runConformance({ env: { CONFORMANCE_WORKERS: '1', CONFORMANCE_SEED: seed } }));
  const [first] = runs;

  const failed = first!.tests.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
  expect(failed.map((t) => `${t.project} ${t.title}: ${t.error.split('\n')[0]}`), first!.stderr.slice(-2000)).toEqual([]);
  for (const run of runs) expect(run.exitCode).toBe(0);

  const missing = loadCatalog()
    .filter((e) => e.provider !== 'generic')
    .filter((e) => !first!.tests.some((t) => t.id === e.id && t.project === e.provider && t.status === 'passed'))
    .map((e) => e.id);
  expect(missing, 'catalog IDs without a passing test on the mock target').toEqual([]);

  const report = first!.report!;
  expect(report.verdict).toBe('conform');
  // Every catalog ID, the generated checks' included (GEN-COVERAGE is judged by the report), has a passing result.
  expect(report.ids.filter((r) => r.status !== 'passed').map((r) => `${r.provider} ${r.id} ${r.status}`)).toEqual([]);
  // The deep phases' IDs are not in the team catalog: each provider lists them besides, as IDs outside it.
  const deepIds = report.ids.filter((r) => !r.inCatalog);
  expect([...new Set(deepIds.map((r) => r.id))].sort()).toEqual(['GEN-BOUNDARY', 'GEN-FUZZ', 'GEN-REQEXAMPLES', 'GEN-STATEFUL']);
  expect(deepIds.map((r) => r.area)).toEqual(deepIds.map(() => 'schema'));
  expect(report.ids.length - deepIds.length).toBe(loadCatalog().filter((e) => e.provider !== 'generic').length + 3 * loadCatalog().filter((e) => e.provider === 'generic').length);
  // The deep phases ran on every provider, with the seed the job gave, and sent requests counted in the report.
  for (const run of runs) expect(run.report!.run.seed, 'each run records the seed it was given').toBe(seed);
  for (const r of report.run.requests) expect(r.deep, `${r.provider}: requests of the deep phases`).toBeGreaterThan(0);
  expect(runs.map((r) => r.report!.run.requests), 'the same seed sends the same number of requests').toEqual(runs.map(() => report.run.requests));

  expect(outcome(runs[1]!), 'second run differs from the first').toEqual(outcome(first!));
  expect(outcome(runs[2]!), 'third run differs from the first').toEqual(outcome(first!));
});
