/**
 * Ctrl-C during a run: `conformance run` started in its own process group, SIGINT sent to the group once some
 * tests have finished (as a terminal does). The command exits 130 and still writes results.json, marked
 * interrupted and holding the tests that finished.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { cleanEnv, startCli, stopGroup } from './processes';

/** Tests the list reporter has shown as passed so far (colours stripped: FORCE_COLOR may reach the run). */
const passedLines = (stdout: string): string[] =>
  stdout
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => /^\s*✓\s+\d+ /.test(l));

test('SIGINT to a running `conformance run` exits 130 and writes results.json marked interrupted with the tests that finished', async () => {
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interrupt-'));
  const reportDir = path.join(dir, 'reports');
  // One worker, one provider: the run is long enough to be interrupted in the middle.
  const run = startCli(['run', '--provider', 'sahha', '--workers', '1'], cleanEnv({ CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_OUTPUT_DIR: path.join(dir, 'test-results') }));
  try {
    const started = Date.now();
    while (passedLines(run.output().stdout).length < 5) {
      if (run.child.exitCode !== null) throw new Error(`conformance run ended (${run.child.exitCode}) before 5 tests finished:\n${run.output().stdout.slice(-2000)}\n${run.output().stderr.slice(-2000)}`);
      if (Date.now() - started > 180_000) throw new Error('conformance run did not finish 5 tests within 180 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = passedLines(run.output().stdout).length;
    process.kill(-run.child.pid!, 'SIGINT');
    const code = await run.exited;
    const { stdout, stderr } = run.output();
    expect(code, `${stdout.slice(-1500)}\n${stderr.slice(-1500)}`).toBe(130);

    const results = JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as {
      run: { status: string; complete: boolean; planned: number; finished: number };
      tests: { provider: string; status: string }[];
    };
    expect(results.run.status).toBe('interrupted');
    expect(results.run.complete).toBe(false);
    expect(results.run.finished).toBeGreaterThanOrEqual(seen);
    expect(results.run.finished).toBeLessThan(results.run.planned);
    expect(results.tests.filter((t) => t.status === 'passed').length, 'the tests that finished before the signal are in the report').toBeGreaterThanOrEqual(seen);
    expect(new Set(results.tests.map((t) => t.provider))).toEqual(new Set(['sahha']));
  } finally {
    await stopGroup(run.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
