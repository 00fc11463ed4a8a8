/**
 * A failure of an element that carries `x-observed` (behaviour third parties saw the real provider show against its
 * documentation) shows the observation beside it in results.json, the HTML page's model and the markdown summary:
 * the reader sees "publicly observed since ..." instead of a bare failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { loadSpec } from '../../src/openapi';
import { embeddedModel } from '../unit/reporters/helpers';
import { cleanEnv, runCli } from './processes';

test('with sahha.no-data-as-empty-array on, the SAH-ERR-1 failure shows the observation that real sandboxes answer 200 [] (since its date)', async () => {
  test.setTimeout(180_000);
  const spec = await loadSpec('sahha');
  const observed = spec.observations.filter((o) => o.catalog.includes('SAH-ERR-1'));
  expect(observed.length, 'the Sahha spec records an observation against SAH-ERR-1').toBeGreaterThan(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observed-report-'));
  try {
    const summary = path.join(dir, 'summary.md');
    const env = cleanEnv({ CONFORMANCE_FAULTS: 'sahha.no-data-as-empty-array', CONFORMANCE_REPORT_DIR: path.join(dir, 'report'), CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out'), GITHUB_STEP_SUMMARY: summary });
    const run = await runCli(['run', '--provider', 'sahha', '--grep', 'SAH-ERR-1 '], env);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);

    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'results.json'), 'utf8')) as ConformanceReport;
    const failure = report.failures.find((f) => f.id === 'SAH-ERR-1')!;
    expect(failure, 'SAH-ERR-1 fails').toBeDefined();
    expect(failure.observed.map((o) => o.behaviour)).toEqual(expect.arrayContaining(observed.map((o) => o.behaviour)));
    expect(failure.observed.every((o) => /^\d{4}-\d{2}-\d{2}$/.test(o.since) && o.source.length > 0)).toBe(true);
    expect(report.observations.length).toBe(spec.observations.length);

    const model = embeddedModel(fs.readFileSync(path.join(dir, 'report', 'index.html'), 'utf8')) as ConformanceReport;
    expect(model.failures.find((f) => f.id === 'SAH-ERR-1')!.observed).toEqual(failure.observed);
    expect(fs.readFileSync(summary, 'utf8')).toContain(`publicly observed since ${failure.observed[0]!.since}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
