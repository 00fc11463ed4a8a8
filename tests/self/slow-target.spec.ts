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
import { PROJECT_ROOT } from '../../src/spec';

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
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'run', '--target', 'sandbox', '--provider', 'sonar', '--grep', 'SON-TOK-1\\b'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
