/**
 * Runs the conformance suite (playwright.config.ts) as a child process, the way a user would, and returns
 * its parsed results and report, its temporary folders removed. Used by the self-tests: fault modifiers, the sandbox path, repeatability.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConformanceReport } from '../../reporters/model';
import { PROJECT_ROOT, PROVIDERS } from '../../src/openapi';
import { baseUrlVariable } from '../../src/targets';
import type { RunningMock } from '../../mocks/kernel/types';

export interface RunTestResult {
  project: string;
  title: string;
  /** Catalog or check ID the title starts with. */
  id?: string;
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  error: string;
  skipReason?: string;
}

export interface SuiteRun {
  exitCode: number;
  tests: RunTestResult[];
  stdout: string;
  stderr: string;
  /** The run's results.json (the conformance report's model), when the reporter wrote one. */
  report?: ConformanceReport;
}

type Spec = { title: string; tests: { projectName: string; annotations?: { type: string; description?: string }[]; results: { status: RunTestResult['status']; error?: { message?: string }; errors?: { message?: string }[] }[] }[] };
type Suite = { specs?: Spec[]; suites?: Suite[] };

function flatten(suite: Suite, out: RunTestResult[]): void {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests) {
      const last = t.results[t.results.length - 1];
      out.push({
        project: t.projectName,
        title: spec.title,
        id: /^((?:GEN|SAH|SON|SYN)-[A-Z]+(?:-\d+)?)\b/.exec(spec.title)?.[1],
        status: last?.status ?? 'skipped',
        error: [last?.error?.message, ...(last?.errors ?? []).map((e) => e.message)].filter(Boolean).join('\n'),
        skipReason: t.annotations?.find((a) => a.type === 'skip')?.description,
      });
    }
  }
  for (const s of suite.suites ?? []) flatten(s, out);
}

export async function runConformance(opts: { env?: Record<string, string>; grep?: string; providers?: string[]; timeoutMs?: number; maxFailures?: number } = {}): Promise<SuiteRun> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-run-'));
  const args = ['playwright', 'test', '-c', path.join(PROJECT_ROOT, 'playwright.config.ts'), '--reporter', 'json,./reporters/conformance-reporter.ts'];
  if (opts.grep) args.push('--grep', opts.grep);
  // After a failure Playwright replaces the worker (mocks restarted, tokens minted again): stop early when asked.
  if (opts.maxFailures) args.push('--max-failures', String(opts.maxFailures));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONFORMANCE_TARGET: 'mock',
    CONFORMANCE_REPORT_DIR: reportDir,
    CONFORMANCE_OUTPUT_DIR: path.join(reportDir, 'test-results'),
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reportDir, 'run.json'),
    ...(opts.providers ? { CONFORMANCE_PROVIDERS: opts.providers.join(',') } : {}),
    ...opts.env,
  };
  delete env.CI; // the child run is not the CI job itself (forbidOnly etc. stay the same either way)
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npx', args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve({ code: c ?? 2, stdout: out, stderr: err });
    });
  });
  const tests: RunTestResult[] = [];
  const file = path.join(reportDir, 'run.json');
  if (fs.existsSync(file)) flatten(JSON.parse(fs.readFileSync(file, 'utf8')) as Suite, tests);
  const results = path.join(reportDir, 'results.json');
  const report = fs.existsSync(results) ? (JSON.parse(fs.readFileSync(results, 'utf8')) as ConformanceReport) : undefined;
  fs.rmSync(reportDir, { recursive: true, force: true });
  return { exitCode: code, tests, stdout, stderr, report };
}

/**
 * What the production target of each provider is given: the production instance where there is one, and its
 * credentials. Sonar serves both environments from one instance: production means the live key.
 */
export function productionEnv(mocks: RunningMock<unknown>[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const provider of PROVIDERS) {
    const mock = mocks.find((m) => m.provider === provider && m.environment === 'production') ?? mocks.find((m) => m.provider === provider)!;
    const creds = mock.credentials();
    env[baseUrlVariable(provider)] = mock.baseUrl;
    Object.assign(env, creds);
    if (provider === 'sonar') env.SONAR_API_KEY = creds.SONAR_LIVE_API_KEY!;
  }
  return env;
}
