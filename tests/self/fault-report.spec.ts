/**
 * A run with a fault modifier switched on, through the CLI as a user runs it: exit 1, and the failure is in
 * results.json and in the HTML page's model with its evidence (expected, received, diagnostics, redacted exchange).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { embeddedModel } from '../unit/reporters/helpers';
import { cleanEnv, runCli } from './processes';

test('with generic.drop-required-field on, `conformance run` exits 1 and the report shows the failure with its evidence', async () => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-report-'));
  try {
    const env = cleanEnv({ CONFORMANCE_FAULTS: 'generic.drop-required-field', CONFORMANCE_REPORT_DIR: path.join(dir, 'report'), CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out') });
    const run = await runCli(['run', '--provider', 'sonar', '--grep', 'GEN-SCHEMA listUsers '], env);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);

    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'results.json'), 'utf8')) as ConformanceReport;
    expect(report.verdict).toBe('drift');
    expect(report.failures).toHaveLength(1);
    const failure = report.failures[0]!;
    expect(failure).toMatchObject({ provider: 'sonar', id: 'GEN-SCHEMA', cause: 'contract', status: 'failed' });
    const check = failure.checks.find((c) => c.check === 'GEN-SCHEMA')!;
    expect(check.diagnostics.length).toBeGreaterThan(0);
    expect(check.diagnostics[0]!.message).toBe('body must have property "data"');
    expect(check.pointer).toMatch(/^#\/paths\/~1users\/get\/responses\/200/);
    expect(failure.expected).not.toBeNull();
    expect(failure.received).not.toBeNull();
    const exchange = failure.exchanges.find((e) => e.response?.status === 200)!;
    expect(exchange.request.method).toBe('GET');
    expect(JSON.stringify(exchange.request.headers)).toContain('[REDACTED]');

    const html = fs.readFileSync(path.join(dir, 'report', 'index.html'), 'utf8');
    const model = embeddedModel(html) as ConformanceReport;
    expect(model.verdict).toBe('drift');
    expect(model.failures.map((f) => f.fullTitle)).toEqual([failure.fullTitle]);
    expect(fs.readFileSync(path.join(dir, 'report', 'junit.xml'), 'utf8')).toMatch(/failures="1"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
