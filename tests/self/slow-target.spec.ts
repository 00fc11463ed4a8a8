/**
 * A target that accepts connections but answers too slowly: the request timeout ends each request, and the run is
 * reported as "could not run" (exit 2), never as contract drift.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { PROJECT_ROOT } from '../../src/openapi';

test('a target slower than the request timeout ends the run as could-not-run (exit 2), not as drift', async () => {
  test.setTimeout(120_000);
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => void held.push(res)); // accepts, never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slow-target-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_TIMEOUT_MS: '500', SONAR_API_KEY: 'sk_sandbox_fake_slow_0001', SONAR_BASE_URL: `http://127.0.0.1:${port}/v1` };
    for (const k of Object.keys(env)) if (/^(PLAYWRIGHT_|PW_|TEST_)/.test(k) || k === 'CI') delete env[k];
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cli/main.ts', 'run', '--target', 'sandbox', '--provider', 'sonar', '--grep', 'SON-TOK-1\\b'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));

    expect(code, output).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as ConformanceReport;
    expect(report.verdict).toBe('could-not-run');
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures.every((f) => f.cause === 'could-not-run')).toBe(true);
    expect(report.failures[0]!.message).toContain('got no complete response within 500 ms (the request timeout)');
    expect(report.verdictReasons[0]).toMatch(/got no answer to judge/);
    expect(held.length).toBeGreaterThan(0); // the requests did reach the slow target
  } finally {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
});

for (const kind of ['never answers', 'answers 2.5 s late'] as const) {
  test(`a target that ${kind} trips the breaker: the provider's remaining tests end at once as could-not-run with one reason, exit 2`, async ({}, testInfo) => {
    test.setTimeout(180_000);
    const held: http.ServerResponse[] = [];
    const timers: NodeJS.Timeout[] = [];
    const server = http.createServer((_req, res) => {
      if (kind === 'never answers') held.push(res);
      else timers.push(setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 2_500));
    });
    let requests = 0;
    server.on('request', () => requests++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stopped-target-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_OUTPUT_DIR: path.join(reportDir, 'out'), CONFORMANCE_TIMEOUT_MS: '1000', SONAR_API_KEY: 'sk_sandbox_fake_slow_0001', SONAR_BASE_URL: `http://127.0.0.1:${port}/v1` };
      for (const k of Object.keys(env)) if (/^(PLAYWRIGHT_|PW_|TEST_)/.test(k) || k === 'CI') delete env[k];
      const started = Date.now();
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cli/main.ts', 'run', '--target', 'sandbox', '--provider', 'sonar'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      const seconds = (Date.now() - started) / 1000;
      testInfo.annotations.push({ type: 'figure', description: `verdict after ${seconds.toFixed(1)} s and ${requests} requests (timeout 1 s)` });
      console.log(`target that ${kind}: exit ${code} after ${seconds.toFixed(1)} s, ${requests} requests`);

      expect(code, output.slice(-2000)).toBe(2);
      const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as ConformanceReport;
      expect(report.verdict).toBe('could-not-run');
      expect(report.failures.every((f) => f.cause === 'could-not-run')).toBe(true);
      const stopped = report.failures.filter((f) => f.message.startsWith('ConformanceError[TARGET_STOPPED]'));
      // Every test but the few whose requests tripped it ended unsent, all with the same reason.
      expect(stopped.length).toBeGreaterThan(report.failures.length - 5);
      expect(new Set(stopped.map((f) => f.message)).size).toBe(1);
      expect(stopped[0]!.message).toMatch(/The sonar sandbox stopped answering after \d+ requests: 3 timeouts in a row\./);
      expect(report.verdictReasons[0]).toMatch(/got no answer to judge/);
      // Far fewer requests than tests: nothing is sent after the breaker trips.
      expect(requests).toBeLessThan(10);
    } finally {
      for (const res of held) res.destroy();
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      fs.rmSync(reportDir, { recursive: true, force: true });
    }
  });
}
