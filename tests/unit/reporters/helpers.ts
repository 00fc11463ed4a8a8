/** Shared by the reporter tests: the fixture project's spec and catalog, synthetic results, and a runner for the fixture project. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalog } from '../../../src/catalog';
import type { CheckFailure } from '../../../src/checks';
import { loadSpec, PROJECT_ROOT, type Spec } from '../../../src/openapi';
import { buildReport, type CollectedTest, type ConformanceReport, type ReportInput } from '../../../reporters/model';

export const FIXTURE_DIR = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'reporter-project');
export const FIXTURE_CONFIG = path.join(FIXTURE_DIR, 'playwright.fixture.config.ts');
export const FIXTURE_CATALOG = loadCatalog(path.join(FIXTURE_DIR, 'CATALOG.md'));

/** The fixture project's two-operation spec (createToken 201/401, getScores 200/401/410 with 410 unreachable). */
export function fixtureSpec(): Promise<Spec> {
  return loadSpec('reporter-fixture', path.join(FIXTURE_DIR, 'reporter.openapi.yaml'));
}

/** A finished test as the reporter collects it; the title starts with its catalog ID. */
export function collected(provider: string, title: string, outcome: CollectedTest['outcome'], extra: Partial<CollectedTest> = {}): CollectedTest {
  return {
    provider,
    titlePath: [title],
    file: `tests/conformance/${provider}/fake.spec.ts`,
    line: 1,
    outcome,
    durationMs: 5,
    retry: 0,
    errors: outcome === 'failed' ? ['Error: expect(received).toBe(expected)\n\nExpected: "200"\nReceived: "404"'] : [],
    warnings: [],
    exchanges: [],
    checkFailures: [],
    operations: [],
    mockDrift: [],
    ...extra,
  };
}

export function checkFailure(check: CheckFailure['check'], extra: Partial<CheckFailure> = {}): CheckFailure {
  return { check, title: 'Undocumented status code', message: 'Received: 418\nDocumented: 200, 401', pointer: '#/paths/~1scores/get/responses', severity: 'error', ...extra };
}

/** A report input for providers sahha and sonar on the sandbox target, both with the fixture spec. */
export function reportInput(spec: Spec, tests: CollectedTest[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    startedAt: '2025-06-01T10:00:00.000Z',
    durationMs: 1234,
    status: tests.some((t) => t.outcome === 'failed') ? 'failed' : 'passed',
    suiteVersion: '0.1.0',
    playwrightVersion: '1.65.1',
    planned: tests.length,
    providers: [
      { provider: 'sahha', target: 'sandbox', spec },
      { provider: 'sonar', target: 'sandbox', spec },
    ],
    tests,
    errors: [],
    catalog: FIXTURE_CATALOG,
    ...extra,
  };
}

/** A test title that would be markup, a script end and a table break if anything rendered it raw. */
export const HOSTILE_TITLE = 'SAH-TOK-2 </script><script>alert(1)</script> <img src=x onerror=alert(2)> & "quotes" | pipes';

/** A drifting report whose failing test carries HOSTILE_TITLE, also in its expected and received values. */
export async function hostileReport(): Promise<ConformanceReport> {
  const spec = await fixtureSpec();
  const failing = collected('sahha', HOSTILE_TITLE, 'failed', { errors: [`Error: ${HOSTILE_TITLE}\nExpected: "<b>"\nReceived: "</pre>"`] });
  return buildReport(reportInput(spec, [failing, collected('sonar', 'SON-TOK-1 an API key gives a user token', 'passed')]));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export interface FixtureRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  reportDir: string;
  report: () => ConformanceReport;
  html: () => string;
}

/** Variables a parent Playwright run or CI sets that must not leak into the fixture run. */
const LEAKY = /^(CONFORMANCE_|GITHUB_STEP_SUMMARY$|TEST_|PW_|PLAYWRIGHT_)/;

/**
 * Runs the fixture project (`playwright test -c tests/fixtures/reporter-project/playwright.fixture.config.ts`, the
 * Playwright CLI started with node directly so a signal reaches it) with its report and results in `dir`.
 * `whileRunning` may interrupt it.
 */
export function runFixtureProject(dir: string, env: Record<string, string> = {}, whileRunning?: (child: ReturnType<typeof spawn>) => void): Promise<FixtureRun> {
  const reportDir = path.join(dir, 'report');
  const childEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !LEAKY.test(k)));
  Object.assign(childEnv, { CONFORMANCE_REPORT_DIR: reportDir, REPORTER_FIXTURE_RESULTS: dir, FORCE_COLOR: '0' }, env);
  const cli = path.join(PROJECT_ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
  const child = spawn(process.execPath, [cli, 'test', '-c', FIXTURE_CONFIG], { cwd: PROJECT_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  whileRunning?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        output,
        reportDir,
        report: () => JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as ConformanceReport,
        html: () => fs.readFileSync(path.join(reportDir, 'index.html'), 'utf8'),
      }),
    );
  });
}

/** The model embedded in a report page (<script type="application/json" id="report-data">), parsed. */
export function embeddedModel(html: string): unknown {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('The page embeds no <script type="application/json" id="report-data">.');
  return JSON.parse(m[1]!);
}
