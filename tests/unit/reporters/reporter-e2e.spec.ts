/**
 * The conformance reporter end to end: Playwright runs the fixture project (tests/fixtures/reporter-project) in a
 * child process with this reporter, and the tests read the results.json and index.html it wrote.
 */
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { embeddedModel, runFixtureProject, tempDir } from './helpers';

const statuses = (ids: { provider: string; id: string; status: string }[]) => Object.fromEntries(ids.map((i) => [`${i.provider} ${i.id}`, i.status]));

test('writes results.json and an index.html embedding the same model, compared with the previous results in its folder', async () => {
  const dir = tempDir('reporter-e2e');
  const previousFile = path.join(dir, 'report', 'results.json');
  fs.mkdirSync(path.dirname(previousFile), { recursive: true });
  fs.writeFileSync(previousFile, JSON.stringify({ version: 1, run: { startedAt: '2025-01-01T00:00:00.000Z' }, verdict: 'conform', ids: [{ provider: 'sahha', id: 'SAH-TOK-2', status: 'passed' }], tests: [] }));
  const summaryFile = path.join(dir, 'step-summary.md');
  fs.writeFileSync(summaryFile, 'earlier step\n');

  const run = await runFixtureProject(dir, { GITHUB_STEP_SUMMARY: summaryFile });
  expect(run.code, run.output).toBe(1);
  const report = run.report();

  expect(report.verdict).toBe('drift');
  expect([report.run.status, report.run.complete, report.run.planned, report.run.finished, report.run.target, report.run.environment]).toEqual(['failed', true, 5, 5, 'sandbox', 'sandbox']);
  expect(report.run.providers.map((p) => [p.provider, p.specVersion, p.documentedServer, p.observedOrigins])).toEqual([
    ['sahha', '2.3.0', 'https://sandbox.reporter.test/v1', ['https://sandbox.reporter.test']],
    ['sonar', '2.3.0', 'https://sandbox.reporter.test/v1', ['https://sandbox.reporter.test']],
  ]);
  expect(statuses(report.ids)).toEqual({
    'sahha GEN-STATUS': 'passed',
    'sahha GEN-SCHEMA': 'not-run',
    'sahha SAH-TOK-1': 'passed',
    'sahha SAH-TOK-2': 'failed',
    'sahha SAH-SCP-1': 'not-run',
    'sonar GEN-STATUS': 'not-run',
    'sonar GEN-SCHEMA': 'not-run',
    'sonar SON-TOK-1': 'passed',
    'sonar SON-TOK-5': 'skipped',
    'sonar SON-ERR-1': 'not-run',
  });
  expect(report.ids.find((i) => i.id === 'SON-TOK-5')!.reason).toBe('SON-TOK-5 runs on mock only (catalog); skipped on the sandbox target.');

  const [failure] = report.failures;
  expect(report.failures).toHaveLength(1);
  expect([failure!.id, failure!.file, failure!.line, failure!.expected, failure!.received]).toEqual(['SAH-TOK-2', 'tests/fixtures/reporter-project/sahha.fixture.ts', 13, 'the Error schema (error, message)', 'a body without "message"']);
  expect(failure!.message).toMatch(/^Error: the 401 answer should be in the documented error shape/);
  expect(failure!.checks[0]!.diagnostics.map((d) => d.schemaPointer)).toEqual(['#/components/schemas/Error/required']);
  expect(failure!.exchanges.map((e) => [e.request.url, e.request.headers['x-api-key'], e.response?.status])).toEqual([['https://sandbox.reporter.test/v1/tokens', '[REDACTED]', 401]]);

  expect(report.coverage.map((c) => [c.provider, c.counts])).toEqual([
    ['sahha', { documented: 5, exercised: 4, unreachable: 1, missing: 0 }],
    ['sonar', { documented: 5, exercised: 1, unreachable: 1, missing: 3 }],
  ]);
  expect(report.decisions.map((d) => [d.provider, d.pointer])).toEqual([
    ['sahha', '#/paths/~1scores/get'],
    ['sonar', '#/paths/~1scores/get'],
  ]);
  expect(report.sinceLastRun!.source).toBe(previousFile);
  expect(report.sinceLastRun!.newlyFailing.filter((c) => c.kind === 'id').map((c) => [c.name, c.previous, c.current])).toEqual([['SAH-TOK-2', 'passed', 'failed']]);

  expect(embeddedModel(run.html())).toEqual(report);
  const summary = fs.readFileSync(summaryFile, 'utf8').split('\n');
  expect(summary[0]).toBe('earlier step');
  expect(summary[1]).toBe('## Conformance: drift');
});

test('a baseline entry that covers the only failure makes the run conform, and Playwright exits 0', async () => {
  const dir = tempDir('reporter-e2e-known');
  const baseline = path.join(dir, 'known-drift.json');
  fs.writeFileSync(baseline, JSON.stringify({ entries: [{ id: 'SAH-TOK-2', provider: 'sahha', reason: 'Fixture: the error shape is accepted for now', expires: '2999-12-31' }] }));
  const run = await runFixtureProject(dir, { CONFORMANCE_BASELINE: baseline });
  expect(run.code, run.output).toBe(0);
  const report = run.report();
  expect(report.verdict).toBe('conform');
  expect(report.failures.map((f) => [f.id, f.status, f.knownReason])).toEqual([['SAH-TOK-2', 'known', 'Fixture: the error shape is accepted for now']]);
  expect(report.baseline).toMatchObject({ file: baseline, entries: 1, expired: [], unused: [], error: null });
});

test('an interrupted run still writes a report of the tests that finished and says it could not run', async () => {
  const dir = tempDir('reporter-e2e-interrupted');
  const marker = path.join(dir, 'hanging-test-started');
  const run = await runFixtureProject(dir, { REPORTER_FIXTURE_HANG: marker }, (child) => {
    const poll = setInterval(() => {
      if (!fs.existsSync(marker)) return;
      clearInterval(poll);
      child.kill('SIGINT');
    }, 100);
    child.on('close', () => clearInterval(poll));
  });
  expect(run.code ?? run.signal, run.output).toBe(130);
  const report = run.report();
  expect([report.run.status, report.run.complete, report.run.planned, report.run.finished]).toEqual(['interrupted', false, 6, 5]);
  expect(report.verdict).toBe('could-not-run');
  expect(report.verdictReasons[0]).toBe('The run was interrupted: 5 of 6 tests finished, and the report holds only those.');
  const ids = statuses(report.ids);
  expect([ids['sahha SAH-TOK-2'], ids['sonar SON-TOK-1'], ids['sonar SON-ERR-1']]).toEqual(['failed', 'passed', 'not-run']);
});
