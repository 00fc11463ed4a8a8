/**
 * Runs with a fault modifier switched on, through the CLI as a user runs it: exit 1, and the failure is in
 * results.json and in the HTML page's model with its evidence (expected, received, diagnostics, redacted exchange);
 * one drift that breaks many operations in one way is one distinct problem, with its tests, a curl line per exchange,
 * the command that reruns each test, and a HAR 1.2 file of every exchange of the run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Har } from '../../reporters/har';
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

test('with sonar.page-meta-missing on, every failing test is one distinct problem, with curl and rerun lines and a HAR of the run', async () => {
  test.setTimeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-problems-'));
  try {
    const reportDir = path.join(dir, 'report');
    const env = cleanEnv({ CONFORMANCE_FAULTS: 'sonar.page-meta-missing', CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out') });
    const run = await runCli(['run', '--provider', 'sonar'], env);
    expect(run.code, run.stderr.slice(-2000)).toBe(1);

    const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as ConformanceReport;
    const failing = report.failures.filter((f) => f.status === 'failed');
    // One drift, many operations and scenarios: the generated checks, the deep phases and the scenarios all saw it.
    expect(failing.length).toBeGreaterThan(10);
    expect(new Set(failing.map((f) => f.id)).size).toBeGreaterThan(5);
    expect(report.problems).toHaveLength(1);
    const [problem] = report.problems;
    expect(problem).toMatchObject({ provider: 'sonar', check: 'GEN-SCHEMA', code: 'required', pointer: '#/components/schemas/PageMeta', status: 'failed', title: 'required property `meta` missing at #/components/schemas/PageMeta' });
    expect(problem!.tests).toHaveLength(failing.length);
    expect(problem!.operations).toEqual(expect.arrayContaining(['listUsers', 'listScores', 'listDailyMetrics']));
    expect(failing.every((f) => f.problem === problem!.id)).toBe(true);
    expect(report.verdictReasons[0]).toBe(`1 distinct problem (${failing.length} failing tests).`);
    const model = embeddedModel(fs.readFileSync(path.join(reportDir, 'index.html'), 'utf8')) as ConformanceReport;
    expect(model.problems).toEqual(report.problems);

    // Reproduce in one line: a curl per exchange with the key as its variable, never its value; the rerun command.
    const withExchanges = failing.find((f) => f.id === 'SON-PAGE-1')!;
    expect(withExchanges.curl).toHaveLength(withExchanges.exchanges.length);
    expect(withExchanges.curl.some((c) => c.includes(`"$SONAR_API_KEY"`))).toBe(true);
    expect(withExchanges.curl.join('\n')).not.toContain('[REDACTED]');
    expect(withExchanges.rerun).toMatch(/^npx conformance run --provider sonar --grep 'SON-PAGE-1 /);
    const diffed = failing.find((f) => f.diff !== null)!;
    expect(diffed.diff!.lines).toContainEqual({ sign: '-', text: '"meta": object (required, missing)' });

    // JUnit and the markdown summary use the same grouping.
    const junit = fs.readFileSync(path.join(reportDir, 'junit.xml'), 'utf8');
    expect(junit.match(/<failure message="\[P1\] required property `meta` missing/g)?.length).toBe(failing.length);

    // The HAR holds every exchange of the run, in HAR 1.2's shape.
    const har = JSON.parse(fs.readFileSync(path.join(reportDir, report.run.har), 'utf8')) as Har;
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBe(report.run.requests.find((r) => r.provider === 'sonar')!.total);
    expect(JSON.stringify(har)).not.toMatch(/sk_sandbox_mock_[0-9a-z]{4}/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
