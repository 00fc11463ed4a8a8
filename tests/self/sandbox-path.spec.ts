/**
 * The sandbox path, exercised the way a user would: the mocks run as a separate process (`conformance mock`),
 * the suite runs with CONFORMANCE_TARGET=sandbox, the base-URL overrides and the mock's (fake) credentials.
 * Scenarios that need the mock's control surface skip with their reason; everything else passes.
 */
import { expect, test } from '@playwright/test';
import { loadCatalog } from '../../src/catalog';
import { runConformance } from './harness';
import { startMockProcess } from './processes';

/** What the mocks hold that a run can create: Sonar users and webhooks, Sahha profiles, Synheart snapshots. */
async function resources(env: Record<string, string>): Promise<{ sonarUsers: number; sonarWebhooks: number; sahhaProfiles: string[]; synheartSnapshots: number }> {
  const summary = async (variable: string) => ((await (await fetch(`${new URL(env[variable]!).origin}/__control/state`)).json()) as { summary: never }).summary as Record<string, any>;
  const sonar = await summary('SONAR_BASE_URL');
  const sahha = await summary('SAHHA_BASE_URL');
  const synheart = await summary('SYNHEART_BASE_URL');
  return {
    sonarUsers: sonar.sandbox.users,
    sonarWebhooks: sonar.sandbox.webhooks,
    sahhaProfiles: (sahha.profiles as { externalId: string }[]).map((p) => p.externalId).sort(),
    synheartSnapshots: (synheart.apps as { snapshots: number }[]).reduce((n, a) => n + a.snapshots, 0),
  };
}

test('the sandbox target pointed at mocks started by `conformance mock`: mock-only scenarios skip with their reason, the rest pass, and what the run created is deleted at its end', async () => {
  test.setTimeout(600_000);
  const mock = await startMockProcess();
  try {
    const env = mock.env;
    expect(env.CONFORMANCE_TARGET).toBe('sandbox');
    const before = await resources(env);
    const run = await runConformance({ env: { ...env, CONFORMANCE_TARGET: 'sandbox' } });

    const failed = run.tests.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
    expect(failed.map((t) => `${t.project} ${t.title}: ${t.error.split('\n')[0]}`), run.stderr.slice(-2000)).toEqual([]);
    expect(run.exitCode).toBe(0);

    // Clean-up: what the run created is deleted at its end; the mocks hold what they held before, plus what the
    // report lists as left behind (the configured Synheart key has no delete scope).
    const cleanup = run.report?.cleanup;
    expect(cleanup, 'the report has the clean-up of the run').toBeTruthy();
    expect(cleanup!.removed).toBeGreaterThan(10);
    expect(cleanup!.leftBehind.every((l) => (l.reason ?? '').length > 0), 'each resource left behind says why').toBe(true);
    const after = await resources(env);
    const leftSnapshots = cleanup!.leftBehind.filter((l) => l.provider === 'synheart' && l.deleteWith === 'deleteSnapshot').length;
    expect(cleanup!.leftBehind.length, 'only Synheart snapshots are left behind').toBe(leftSnapshots);
    expect(after).toEqual({ ...before, synheartSnapshots: before.synheartSnapshots + leftSnapshots });

    const scenarios = loadCatalog().filter((e) => e.provider !== 'generic');
    for (const entry of scenarios) {
      const tests = run.tests.filter((t) => t.id === entry.id && t.project === entry.provider);
      expect(tests.length, `${entry.id} has a test in the sandbox run`).toBeGreaterThan(0);
      if (entry.where.includes('any') || entry.where.includes('sandbox')) {
        expect(tests.some((t) => t.status === 'passed'), `${entry.id} (${entry.where.join(', ')}) passes on the sandbox target`).toBe(true);
      } else {
        for (const t of tests) {
          expect(t.status, `${entry.id} is mock-only and skips on the sandbox target`).toBe('skipped');
          expect(t.skipReason ?? '', `${entry.id} says why it skipped`).toMatch(/mock/i);
        }
      }
    }
  } finally {
    await mock.stop();
    expect(mock.output()).not.toContain('Error:');
  }
});
