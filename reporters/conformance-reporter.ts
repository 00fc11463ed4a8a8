/**
 * The conformance reporter: collects every finished test in the hooks and writes, in onEnd, `results.json` (the
 * model, see reporters/README.md) and `index.html` (one self-contained page) to the output directory, and a markdown
 * summary to $GITHUB_STEP_SUMMARY when it is set. It writes also when the run failed, timed out or was interrupted:
 * the report then holds the tests that finished and says so.
 *
 * Use in playwright.config.ts: ['./reporters/conformance-reporter.ts', { outputDir, baseline }] (all options optional).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { loadCatalog, type CatalogEntry } from '../src/catalog';
import { CLEANUP_FILE } from '../src/run/cleanup';
import { loadSpec, PROJECT_ROOT, specFileFor } from '../src/openapi';
import { loadBaseline } from './baseline';
import { collectTest, errorText, isFinished } from './collect';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderHar } from './har';
import { healthDataHidden } from '../src/health-data';
import { buildReport, HAR_FILE, type BaselineInput, type CleanupInput, type CollectedTest, type ConformanceReport, type ProviderInput, type ReportInput } from './model';
import { resolveBaselineFile, resolveOutputDir, resolvePreviousResults, type ConformanceReporterOptions } from './settings';

interface ProjectUse {
  provider?: string;
  /** Absent means the fixtures' default, the mock target. */
  target?: string;
}

/** Whether the fixtures hid health data on a target (an invalid CONFORMANCE_HEALTH_DATA stopped the CLI already; here it counts as hidden). */
function hidden(target: string): boolean {
  try {
    return healthDataHidden(target);
  } catch {
    return true;
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function providerOfProject(project: { name: string; use: unknown }): { provider: string; target: string } {
  const use = (project.use ?? {}) as ProjectUse;
  return { provider: use.provider ?? project.name, target: use.target ?? 'mock' };
}

function readSuiteVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The previous results, when the file exists; an unreadable file is handed over as such and becomes a note. */
function readPrevious(file: string): ReportInput['previous'] {
  if (!fs.existsSync(file)) return undefined;
  try {
    return { source: file, data: JSON.parse(fs.readFileSync(file, 'utf8')) };
  } catch {
    return { source: file, data: null };
  }
}

function readBaseline(file: string | undefined): BaselineInput | undefined {
  if (!file) return undefined;
  try {
    return loadBaseline(file);
  } catch (err) {
    return { file, error: messageOf(err) };
  }
}

export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private readonly tests = new Map<string, CollectedTest>();
  private readonly errors: string[] = [];
  private projects: { provider: string; target: string }[] = [];
  private planned = 0;
  private playwrightVersion = 'unknown';

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.playwrightVersion = config.version;
    this.planned = suite.allTests().length;
    const seen = new Set<string>();
    for (const projectSuite of suite.suites) {
      const project = projectSuite.project();
      if (!project) continue;
      const p = providerOfProject(project);
      if (!seen.has(p.provider)) this.projects.push(p);
      seen.add(p.provider);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!isFinished(result)) return;
    const project = test.parent.project();
    const provider = project ? providerOfProject(project).provider : 'unknown';
    // A retry replaces the earlier attempt: the report shows the last result of each test.
    const collected = collectTest(provider, PROJECT_ROOT, test, result);
    this.tests.set(test.id, collected);
    // Playwright's list shows a contract failure the suite marked expected (to keep its worker) as expected: say it here.
    if (collected.outcome === 'failed' && test.outcome() !== 'unexpected') console.log(`  drift: [${provider}] ${collected.titlePath.join(' › ')}`);
  }

  onError(error: TestError): void {
    this.errors.push(errorText(error));
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const outDir = resolveOutputDir(this.options);
    const report = buildReport(await this.input(result));
    this.write(outDir, report);
    console.log(`Conformance report (${report.verdict}): ${path.relative(process.cwd(), path.join(outDir, 'index.html')) || 'index.html'}`);
    return gatedStatus(result.status, report);
  }

  private async input(result: FullResult): Promise<ReportInput> {
    const errors = [...this.errors];
    return {
      startedAt: result.startTime.toISOString(),
      durationMs: Math.round(result.duration),
      status: result.status,
      suiteVersion: readSuiteVersion(),
      playwrightVersion: this.playwrightVersion,
      planned: this.planned,
      providers: await Promise.all(this.projects.map((p) => this.providerInput(p))),
      tests: [...this.tests.values()],
      errors,
      catalog: this.catalog(errors),
      baseline: readBaseline(resolveBaselineFile(this.options)),
      previous: readPrevious(resolvePreviousResults(this.options)),
      cleanup: readCleanup(path.join(resolveOutputDir(this.options), CLEANUP_FILE), errors),
      seed: process.env.CONFORMANCE_SEED ?? null,
      healthData: this.projects.some((p) => hidden(p.target)) ? 'hidden' : 'shown',
    };
  }

  private catalog(errors: string[]): CatalogEntry[] {
    try {
      return loadCatalog(this.options.catalogFile ? path.resolve(this.options.catalogFile) : undefined);
    } catch (err) {
      errors.push(`The catalog could not be read (${messageOf(err)}). Check catalog/CATALOG.md or the reporter option "catalogFile".`);
      return [];
    }
  }

  private async providerInput(p: { provider: string; target: string }): Promise<ProviderInput> {
    const file = this.options.specFiles?.[p.provider];
    try {
      return { ...p, spec: await loadSpec(p.provider, file ? path.resolve(file) : specFileFor(p.provider)) };
    } catch (err) {
      return { ...p, specError: messageOf(err) };
    }
  }

  private write(outDir: string, report: ConformanceReport): void {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, HAR_FILE), `${JSON.stringify(renderHar([...this.tests.values()], { name: 'health-api-conformance', version: report.run.suiteVersion }, report.run.startedAt), null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, 'index.html'), renderHtml(report));
    fs.writeFileSync(path.join(outDir, 'junit.xml'), renderJunit(report));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) fs.appendFileSync(summaryFile, renderMarkdown(report));
  }
}

/** The clean-up the suite's global teardown wrote for this run (it removes any earlier one at the start); null when none. */
function readCleanup(file: string, errors: string[]): CleanupInput | null {
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CleanupInput;
  } catch (err) {
    errors.push(`The clean-up record ${file} could not be read (${messageOf(err)}).`);
    return null;
  }
}

/**
 * Aligns Playwright's status of a finished run with the verdict: a run whose only failures are known drift passes,
 * and one that passed but has an expired known-drift entry fails. Interrupted and timed-out runs are left alone.
 */
export function gatedStatus(status: FullResult['status'], report: ConformanceReport): { status: FullResult['status'] } | undefined {
  if (status === 'failed' && report.verdict === 'conform') return { status: 'passed' };
  if (status === 'passed' && report.verdict === 'drift') return { status: 'failed' };
  return undefined;
}
