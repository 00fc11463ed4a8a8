/**
 * GEN-COVERAGE can fail against a target: with generic.unknown-resource-served the mock never answers its documented
 * 404s, so a whole run's coverage misses them, and the report fails GEN-COVERAGE naming each row.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { cleanEnv, runCli } from './processes';

test('GEN-COVERAGE fails when the target never answers a documented status (generic.unknown-resource-served hides every 404)', async () => {
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-fault-'));
  try {
    const env = cleanEnv({ CONFORMANCE_FAULTS: 'generic.unknown-resource-served', CONFORMANCE_REPORT_DIR: path.join(dir, 'report'), CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out') });
    const run = await runCli(['run', '--provider', 'synheart'], env);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'results.json'), 'utf8')) as ConformanceReport;
    expect(report.ids.find((r) => r.id === 'GEN-COVERAGE')?.status).toBe('failed');
    const failure = report.failures.find((f) => f.id === 'GEN-COVERAGE')!;
    expect(failure.cause).toBe('contract');
    expect(failure.checks.map((c) => c.received)).toEqual([
      'no call of getSnapshot (GET /v2/hsi/snapshots/{snapshot_id}) answered 404',
      'no call of deleteSnapshot (DELETE /v2/hsi/snapshots/{snapshot_id}) answered 404',
      'no call of listConsentProfiles (GET /api/v1/apps/{app_id}/consent-profiles) answered 404',
    ]);
    const missing = report.coverage.find((c) => c.provider === 'synheart')!.rows.filter((r) => !r.exercised && r.unreachable === undefined);
    expect(missing.map((r) => `${r.operationId} ${r.status}`)).toEqual(['getSnapshot 404', 'deleteSnapshot 404', 'listConsentProfiles 404']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
