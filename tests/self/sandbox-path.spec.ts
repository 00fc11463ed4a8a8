/**
 * The sandbox path, exercised the way a user would: the mocks run as a separate process (`conformance mock`),
 * the suite runs with CONFORMANCE_TARGET=sandbox, the base-URL overrides and the mock's (fake) credentials.
 * Scenarios that need the mock's control surface skip with their reason; everything else passes.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import * as dotenv from 'dotenv';
import { loadCatalog } from '../../src/catalog';
import { PROJECT_ROOT } from '../../src/spec';
import { runConformance } from './harness';
import { freePort, stopGroup, waitForFile } from './processes';

test('the sandbox target pointed at mocks started by `conformance mock`: mock-only scenarios skip with their reason, the rest pass', async () => {
  test.setTimeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-path-'));
  const envFile = path.join(dir, 'mock.env');
  const ports = {
    MOCK_PORT_SAHHA: String(await freePort()),
    MOCK_PORT_SAHHA_PRODUCTION: String(await freePort()),
    MOCK_PORT_SONAR: String(await freePort()),
    MOCK_PORT_SYNHEART: String(await freePort()),
  };
  const mock = spawn('npx', ['tsx', path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'mock', '--write-env', envFile], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...ports },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npx -> tsx -> node, all stopped together at the end.
    detached: true,
  });
  let mockOutput = '';
  mock.stdout!.on('data', (d: Buffer) => (mockOutput += d.toString()));
  mock.stderr!.on('data', (d: Buffer) => (mockOutput += d.toString()));
  try {
    await waitForFile(envFile, mock, 60_000);
    const env = dotenv.parse(fs.readFileSync(envFile, 'utf8'));
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
    await stopGroup(mock);
    expect(mockOutput).not.toContain('Error:');
  }
});
