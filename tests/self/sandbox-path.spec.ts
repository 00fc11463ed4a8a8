/**
 * The sandbox path, exercised the way a user would: the mocks run as a separate process (`conformance mock`),
 * the suite runs with CONFORMANCE_TARGET=sandbox, the base-URL overrides and the mock's (fake) credentials.
 * Scenarios that need the mock's control surface skip with their reason; everything else passes.
 */
import { expect, test } from '@playwright/test';
import { loadCatalog } from '../../src/catalog';
import { runConformance } from './harness';
import { startMockProcess } from './processes';

test('the sandbox target pointed at mocks started by `conformance mock`: mock-only scenarios skip with their reason, the rest pass', async () => {
  test.setTimeout(600_000);
  const mock = await startMockProcess();
  try {
    const env = mock.env;
    expect(env.CONFORMANCE_TARGET).toBe('sandbox');
    const run = await runConformance({ env: { ...env, CONFORMANCE_TARGET: 'sandbox' } });

    const failed = run.tests.filter((t) => t.status !== 'passed' && t.status !== 'skipped');
    expect(failed.map((t) => `${t.project} ${t.title}: ${t.error.split('\n')[0]}`), run.stderr.slice(-2000)).toEqual([]);
    expect(run.exitCode).toBe(0);

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
