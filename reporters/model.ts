/**
 * The conformance report's data model (results.json) and the pure function that builds it from what the reporter
 * collected. No file or network access here: the reporter reads attachments, specs, the catalog, the baseline and
 * the previous results, and hands them over. The HTML page and the markdown summary only render this model.
 */
import * as path from 'node:path';
import { areaOf, AREAS, catalogIdOf, type Area, type CatalogEntry } from '../src/catalog';
import { checkCoverage, coverage, type CheckFailure, type CoverageRow, type ExercisedCall } from '../src/checks';
import type { Exchange } from '../src/http/types';
import { isCouldNotRunError } from '../src/errors';
import { PROJECT_ROOT, readablePath, type Diagnostic, type Spec } from '../src/openapi';
import { environmentOf, type TargetName } from '../src/targets';
import { isExpired, type Baseline, type BaselineEntry } from './baseline';
import { sinceLastRun, type Comparable, type IdStatus, type SinceLastRun } from './history';
import { groupProblems, type ProblemGroup } from './problems';
import { curlOf, rerunCommand } from './replay';
import { bodyDiff, type BodyDiff } from './diff';

export type { ProblemGroup } from './problems';

export type { IdStatus, SinceLastRun, StatusChange } from './history';

/** Version of the results.json shape; bumped on any incompatible change. */
export const REPORT_VERSION = 1;

export type Verdict = 'conform' | 'drift' | 'could-not-run';
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'known';
/** A matrix column: a catalog area, or "other" for tests whose title carries no catalog ID. */
export type MatrixArea = Area | 'other';
export type RunStatus = 'passed' | 'failed' | 'timedout' | 'interrupted';

// ---------------------------------------------------------------------------------------------------------------
// Input: what the reporter collected.

/** One finished test (its last attempt), with its attachments parsed. */
export interface CollectedTest {
  /** The provider of the Playwright project it ran in. */
  provider: string;
  /** Describe blocks and the test's own title (no project or file name). */
  titlePath: string[];
  /** Test file, relative to the project root. */
  file: string;
  line: number;
  outcome: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  /** Attempt number of the reported result (0 = first try). */
  retry: number;
  /** Error messages of the attempt, without terminal colours. */
  errors: string[];
  skipReason?: string;
  /** `warning` annotations, and notes about attachments that could not be read. */
  warnings: string[];
  exchanges: Exchange[];
  checkFailures: CheckFailure[];
  operations: ExercisedCall[];
  mockDrift: unknown[];
}

/** The clean-up of a sandbox run (src/run/cleanup.ts), as its teardown wrote it; null when nothing was created. */
export interface CleanupInput {
  kept: boolean;
  created: number;
  removed: number;
  alreadyGone: number;
  leftBehind: { provider: string; environment: string; createdBy: string; deleteWith: string; pathParams?: Record<string, string>; json?: unknown; outcome: string; reason?: string }[];
}

export interface ProviderInput {
  provider: string;
  target: string;
  /** The provider's spec; absent when it could not be loaded (specError says why). */
  spec?: Spec;
  specError?: string;
}

export type BaselineInput = Baseline | { file: string; error: string };

export interface ReportInput {
  startedAt: string;
  durationMs: number;
  status: RunStatus;
  suiteVersion: string;
  playwrightVersion: string;
  /** Tests the run planned (all projects). */
  planned: number;
  providers: ProviderInput[];
  tests: CollectedTest[];
  /** Errors outside any test (onError), and setup problems of the reporter (catalog not readable). */
  errors: string[];
  catalog: CatalogEntry[];
  baseline?: BaselineInput;
  previous?: { source: string; data: unknown };
  /** The sandbox run's clean-up (cleanup.json in the report folder, written by the suite's global teardown). */
  cleanup?: CleanupInput | null;
  /** The run's GEN-FUZZ seed (CONFORMANCE_SEED), when it names one. */
  seed?: string | null;
  /** Whether the exchanges' health data was hidden at capture (production by default; src/health-data.ts). */
  healthData?: 'hidden' | 'shown';
}

// ---------------------------------------------------------------------------------------------------------------
// Output: results.json (documented in reporters/README.md).

export interface ProviderMetadata {
  provider: string;
  target: string;
  /** The environment whose behaviour the target follows (the mock target follows sandbox). */
  environment: string;
  specVersion: string | null;
  /** Spec file, relative to the project root. */
  specFile: string | null;
  /** The spec's server for that environment. */
  documentedServer: string | null;
  /** Origins the run's requests actually went to (from the exchanges). */
  observedOrigins: string[];
  specError: string | null;
}

export interface RunMetadata {
  startedAt: string;
  durationMs: number;
  /** Playwright's run status. */
  status: RunStatus;
  /** False when the run was interrupted or timed out: the report holds only the tests that finished. */
  complete: boolean;
  planned: number;
  finished: number;
  /** The target of the run ("mock", "sandbox", "production"; several joined by ", "). */
  target: string;
  environment: string;
  suiteVersion: string;
  playwrightVersion: string;
  providers: ProviderMetadata[];
  errors: string[];
  /** The seed of GEN-FUZZ (`--seed`, CONFORMANCE_SEED): the same seed replays the same generated requests. */
  seed: string | null;
  /** Requests the run sent per provider (its tests' exchanges), and how many of them the deep phases sent. */
  requests: { provider: string; total: number; deep: number }[];
  /**
   * "hidden": every value the specs mark `x-health-data` was replaced at capture by a typed placeholder (`<number>`,
   * `<date-time>`, `<string>`) in every exchange (the production default); "shown": as received.
   */
  healthData: 'hidden' | 'shown';
  /** The HAR 1.2 file with every exchange of the run, relative to the report folder. */
  har: string;
}

/** The HAR of the run's exchanges, in the report folder. */
export const HAR_FILE = 'exchanges.har';

/** The deeper generated phases (tests/conformance/deep.ts), whose requests the request budget bounds. */
const DEEP_PHASE = /^GEN-(REQEXAMPLES|BOUNDARY|FUZZ|STATEFUL)\b/;

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  known: number;
  /** Catalog IDs of the cell with no test at all. */
  notRun: number;
}

/** Each count with the status word it stands for, in display order. */
export const COUNT_LABELS: readonly [keyof Counts, IdStatus][] = [['passed', 'passed'], ['failed', 'failed'], ['known', 'known'], ['skipped', 'skipped'], ['notRun', 'not-run']];

export interface MatrixRow {
  provider: string;
  verdict: Verdict;
  cells: Record<string, Counts>;
  total: Counts;
}

export interface Summary {
  /** The matrix columns, in order. */
  areas: MatrixArea[];
  /** Test counts per provider x area (failed includes expired baseline entries), and not-run IDs. */
  rows: MatrixRow[];
  total: Counts;
}

export interface IdResult {
  provider: string;
  id: string;
  area: Area;
  behaviour: string;
  where: string[];
  /** False for an ID a test title carries that the catalog does not list. */
  inCatalog: boolean;
  /** failed > known > passed > skipped over its tests; not-run when no test carries it. */
  status: IdStatus;
  counts: Counts;
  /** The skip reason (skipped) or the baseline reason (known). */
  reason: string | null;
}

export interface TestReport {
  provider: string;
  id: string | null;
  area: MatrixArea;
  title: string;
  /** Describe blocks and title joined by " › ": the test's key across runs. */
  fullTitle: string;
  file: string;
  line: number;
  status: TestStatus;
  durationMs: number;
  retry: number;
  skipReason: string | null;
  knownReason: string | null;
  warnings: string[];
}

export interface CheckReport {
  check: string;
  title: string;
  severity: 'error' | 'warning';
  pointer: string;
  /** Lines of the message before "Received:" (what a probe changed, for instance). */
  context: string | null;
  received: string | null;
  documented: string | null;
  message: string;
  diagnostics: Diagnostic[];
}

export interface FailureReport {
  provider: string;
  id: string | null;
  area: MatrixArea;
  title: string;
  fullTitle: string;
  file: string;
  line: number;
  status: 'failed' | 'known';
  /** "test" for a failing test, "baseline" for an expired known-drift entry. */
  source: 'test' | 'baseline';
  /**
   * "contract" for a deviation of the target; "could-not-run" when the test got no answer to judge (the request
   * timed out, the target was unreachable, credentials were refused: an error of the suite's own classes).
   */
  cause: 'contract' | 'could-not-run';
  knownReason: string | null;
  /** The first error message (or, for a baseline entry, what to do). */
  message: string;
  /** What was documented or expected, from the check failures or else the error message. */
  expected: string | null;
  received: string | null;
  checks: CheckReport[];
  /** Redacted exchanges the test made. */
  exchanges: Exchange[];
  /** One curl command per exchange (same order), secrets as shell variables named after their credential ($SONAR_API_KEY). */
  curl: string[];
  /** The command line that runs this test again (`npx conformance run --provider p --grep '...'`); null for a baseline entry. */
  rerun: string | null;
  /** The response body at the first schema diagnostic's pointer beside the schema documented there, with diff lines; null when none applies. */
  diff: BodyDiff | null;
  /** The ID of the distinct problem (`problems[]`) this failure belongs to. */
  problem: string | null;
  mockDrift: unknown[];
  /**
   * Behaviour publicly observed against the real provider that contradicts the spec (`x-observed`) on an element at
   * or below which this failure sits, or naming its catalog ID: "publicly observed since ..." beside the failure.
   */
  observed: ObservationReport[];
}

export interface ObservationReport {
  provider: string;
  /** The spec element it sits on. */
  pointer: string;
  behaviour: string;
  source: string;
  since: string;
  catalog: string[];
}

/**
 * One field a response carried that the spec does not declare, off strict mode (sandbox and production by default):
 * reported as a warning, not a failure. Providers add fields without notice; `--strict` makes these failures.
 */
export interface AdditiveDrift {
  provider: string;
  /** The operation that answered with it (null when the pointer names none). */
  operationId: string | null;
  /** The field, array items written `[]`: "body.data[].mood". */
  field: string;
  /** The response schema that does not declare it. */
  schemaPointer: string;
  /** How many tests saw it. */
  tests: number;
}

export interface ProviderCoverage {
  provider: string;
  rows: CoverageRow[];
  counts: { documented: number; exercised: number; unreachable: number; missing: number };
}

export interface DecisionReport {
  provider: string;
  pointer: string;
  text: string;
}

export interface BaselineReport {
  file: string;
  entries: number;
  expired: BaselineEntry[];
  /** Live entries that excused no failure of this run (candidates for removal). */
  unused: BaselineEntry[];
  error: string | null;
}

export interface ConformanceReport {
  version: typeof REPORT_VERSION;
  run: RunMetadata;
  verdict: Verdict;
  /** Sentences explaining the verdict. */
  verdictReasons: string[];
  summary: Summary;
  ids: IdResult[];
  tests: TestReport[];
  failures: FailureReport[];
  /** The failures grouped by cause (provider, check or catalog rule, spec element, diagnostic code): the distinct problems. */
  problems: ProblemGroup[];
  coverage: ProviderCoverage[];
  decisions: DecisionReport[];
  /** Every `x-observed` of the specs run. */
  observations: ObservationReport[];
  /** Undeclared fields reported as warnings (GEN-UNDECLARED off strict mode), per field and operation. */
  additiveDrift: AdditiveDrift[];
  mockDrift: { provider: string; fullTitle: string; drift: unknown[] }[];
  /** What a sandbox run created and deleted at its end, and what it left behind with the reason; null when it created nothing. */
  cleanup: CleanupInput | null;
  baseline: BaselineReport | null;
  sinceLastRun: SinceLastRun | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Building.

const idOf = (title: string): string | null => catalogIdOf(title) ?? null;
const titleOf = (t: CollectedTest) => t.titlePath[t.titlePath.length - 1] ?? '';
const fullTitleOf = (t: CollectedTest) => t.titlePath.join(' › ');
const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0, known: 0, notRun: 0 });

/** Splits "context\nReceived: x\nDocumented: y" into its labelled parts; unlabelled leading lines are the context. */
export function parseLabelled(message: string): { context: string | null; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const context: string[] = [];
  let current: string | undefined;
  for (const line of message.split('\n')) {
    const m = /^\s*(Received|Documented|Expected):\s?(.*)$/.exec(line);
    if (m) {
      current = m[1]!;
      values[current] = m[2]!;
    } else if (current) values[current] += `\n${line}`;
    else context.push(line);
  }
  const text = context.join('\n').trim();
  return { context: text || null, values };
}

function checkReport(f: CheckFailure): CheckReport {
  const { context, values } = parseLabelled(f.message);
  return {
    check: f.check,
    title: f.title,
    severity: f.severity,
    pointer: f.pointer,
    context,
    received: values.Received ?? null,
    documented: values.Documented ?? null,
    message: f.message,
    diagnostics: f.diagnostics ?? [],
  };
}

/** The live entries that excuse a failing test: one naming its catalog ID, else one per failing check when all are named; [] when none does. */
function excuse(test: CollectedTest, live: BaselineEntry[]): BaselineEntry[] {
  const mine = live.filter((e) => e.provider === test.provider);
  const id = idOf(titleOf(test));
  const byId = mine.find((e) => e.id === id);
  if (byId) return [byId];
  const checks = [...new Set(test.checkFailures.filter((f) => f.severity === 'error').map((f) => f.check as string))];
  const entries = checks.map((c) => mine.find((e) => e.id === c));
  return checks.length > 0 && entries.every((e) => e !== undefined) ? (entries as BaselineEntry[]) : [];
}

interface Judged {
  test: CollectedTest;
  status: TestStatus;
  excusedBy: BaselineEntry[];
}

function judge(test: CollectedTest, live: BaselineEntry[]): Judged {
  if (test.outcome !== 'failed') return { test, status: test.outcome, excusedBy: [] };
  const excusedBy = excuse(test, live);
  return { test, status: excusedBy.length ? 'known' : 'failed', excusedBy };
}

const reasonOf = (entries: BaselineEntry[]) => (entries.length ? [...new Set(entries.map((e) => e.reason))].join('; ') : null);

function testReport(j: Judged): TestReport {
  const id = idOf(titleOf(j.test));
  return {
    provider: j.test.provider,
    id,
    area: id ? areaOf(id) : 'other',
    title: titleOf(j.test),
    fullTitle: fullTitleOf(j.test),
    file: j.test.file,
    line: j.test.line,
    status: j.status,
    durationMs: j.test.durationMs,
    retry: j.test.retry,
    skipReason: j.test.skipReason ?? null,
    knownReason: reasonOf(j.excusedBy),
    warnings: j.test.warnings,
  };
}

const joinValues = (values: (string | null)[]): string | null => (values.some((v) => v !== null) ? values.filter((v) => v !== null).join('\n') : null);

/** Does one pointer sit at or below the other? */
const related = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** The observations beside a failure: on an element its checks point at (or below), or naming its catalog ID. */
function observedFor(observations: ObservationReport[], provider: string, id: string | null, checks: CheckReport[]): ObservationReport[] {
  const pointers = checks.flatMap((c) => [c.pointer, ...c.diagnostics.map((d) => d.schemaPointer)]).filter(Boolean);
  return observations.filter((o) => o.provider === provider && ((id !== null && o.catalog.includes(id)) || pointers.some((p) => related(p, o.pointer))));
}

function failureReport(j: Judged, report: TestReport, observations: ObservationReport[], target: string, spec: Spec | undefined): FailureReport {
  const checks = j.test.checkFailures.map(checkReport);
  const errorChecks = checks.filter((c) => c.severity === 'error');
  const message = j.test.errors[0] ?? 'The test failed without an error message.';
  const fromMessage = parseLabelled(message).values;
  return {
    provider: report.provider,
    id: report.id,
    area: report.area,
    title: report.title,
    fullTitle: report.fullTitle,
    file: report.file,
    line: report.line,
    status: j.status === 'known' ? 'known' : 'failed',
    source: 'test',
    cause: isCouldNotRunError(message) ? 'could-not-run' : 'contract',
    knownReason: report.knownReason,
    message,
    expected: errorChecks.length ? joinValues(errorChecks.map((c) => c.documented)) : (fromMessage.Expected ?? null),
    received: errorChecks.length ? joinValues(errorChecks.map((c) => c.received)) : (fromMessage.Received ?? null),
    checks,
    exchanges: j.test.exchanges,
    curl: j.test.exchanges.map((e) => curlOf(e, report.provider)),
    rerun: rerunCommand(report.provider, target, report.title),
    diff: bodyDiff(checks, j.test.exchanges, spec),
    problem: null,
    mockDrift: j.test.mockDrift,
    observed: observedFor(observations, report.provider, report.id, checks.filter((c) => c.severity === 'error')),
  };
}

function expiredFailure(entry: BaselineEntry, file: string): FailureReport {
  const title = `Known-drift entry ${entry.id} expired on ${entry.expires}`;
  return {
    provider: entry.provider,
    id: entry.id,
    area: areaOf(entry.id),
    title,
    fullTitle: title,
    file,
    line: 0,
    status: 'failed',
    source: 'baseline',
    cause: 'contract',
    knownReason: null,
    message: `The baseline ${file} excused ${entry.id} for ${entry.provider} until ${entry.expires} ("${entry.reason}"). Fix the drift, or extend or remove the entry.`,
    expected: `an entry that has not expired (expires ${entry.expires} or later)`,
    received: `expires ${entry.expires}`,
    checks: [],
    exchanges: [],
    curl: [],
    rerun: null,
    diff: null,
    problem: null,
    mockDrift: [],
    observed: [],
  };
}

/** The aggregate status of an ID over its tests. */
function idStatus(c: Counts): IdStatus {
  if (c.failed) return 'failed';
  if (c.known) return 'known';
  if (c.passed) return 'passed';
  if (c.skipped) return 'skipped';
  return 'not-run';
}

function add(counts: Counts, status: TestStatus | 'not-run'): void {
  if (status === 'not-run') counts.notRun++;
  else counts[status]++;
}

function idResults(providers: string[], catalog: CatalogEntry[], tests: TestReport[], failures: FailureReport[]): IdResult[] {
  const out: IdResult[] = [];
  for (const provider of providers) {
    const entries = catalog.filter((e) => e.provider === provider || e.provider === 'generic');
    const seen = new Set(entries.map((e) => e.id));
    const extra = [...new Set(tests.filter((t) => t.provider === provider && t.id && !seen.has(t.id)).map((t) => t.id!))];
    const all = [...entries.map((e) => ({ ...e, inCatalog: true })), ...extra.map((id) => ({ id, provider, area: areaOf(id), where: [] as string[], behaviour: '(not in the catalog)', inCatalog: false }))];
    for (const entry of all) {
      const mine = tests.filter((t) => t.provider === provider && t.id === entry.id);
      const counts = zero();
      for (const t of mine) add(counts, t.status);
      counts.failed += failures.filter((f) => f.source === 'baseline' && f.provider === provider && f.id === entry.id).length;
      const status = idStatus(counts);
      if (status === 'not-run') counts.notRun = 1;
      const reason = status === 'skipped' ? mine.find((t) => t.skipReason)?.skipReason : status === 'known' ? mine.find((t) => t.knownReason)?.knownReason : undefined;
      out.push({ provider, id: entry.id, area: entry.area, behaviour: entry.behaviour, where: entry.where, inCatalog: entry.inCatalog, status, counts, reason: reason ?? null });
    }
  }
  return out;
}

function sum(target: Counts, c: Counts): void {
  for (const k of Object.keys(target) as (keyof Counts)[]) target[k] += c[k];
}

function rowVerdict(total: Counts): Verdict {
  if (total.failed) return 'drift';
  return total.passed + total.known === 0 ? 'could-not-run' : 'conform';
}

function summary(providers: string[], tests: TestReport[], ids: IdResult[], failures: FailureReport[]): Summary {
  const areas: MatrixArea[] = [...AREAS];
  if (tests.some((t) => t.area === 'other')) areas.push('other');
  const total = zero();
  const rows = providers.map((provider): MatrixRow => {
    const cells = Object.fromEntries(areas.map((a) => [a, zero()])) as Record<string, Counts>;
    for (const t of tests.filter((x) => x.provider === provider)) add(cells[t.area]!, t.status);
    for (const f of failures.filter((x) => x.source === 'baseline' && x.provider === provider)) cells[f.area]!.failed++;
    for (const r of ids.filter((x) => x.provider === provider && x.status === 'not-run')) cells[r.area]!.notRun++;
    const rowTotal = zero();
    for (const c of Object.values(cells)) sum(rowTotal, c);
    sum(total, rowTotal);
    return { provider, verdict: rowVerdict(rowTotal), cells, total: rowTotal };
  });
  return { areas, rows, total };
}

function originsOf(tests: CollectedTest[]): string[] {
  const out = new Set<string>();
  for (const e of tests.flatMap((t) => t.exchanges)) {
    try {
      out.add(new URL(e.request.url).origin);
    } catch {
      /* a relative or unparsable URL names no origin */
    }
  }
  return [...out].sort();
}

function providerMetadata(p: ProviderInput, tests: CollectedTest[]): ProviderMetadata {
  const environment = environmentOf(p.target as TargetName);
  return {
    provider: p.provider,
    target: p.target,
    environment,
    specVersion: p.spec?.version ?? null,
    specFile: p.spec ? path.relative(PROJECT_ROOT, p.spec.file) : null,
    documentedServer: p.spec?.server(environment)?.url ?? null,
    observedOrigins: originsOf(tests.filter((t) => t.provider === p.provider)),
    specError: p.specError ?? null,
  };
}

function coverageOf(p: ProviderInput, tests: CollectedTest[]): ProviderCoverage[] {
  if (!p.spec) return [];
  const rows = coverage(p.spec, tests.filter((t) => t.provider === p.provider).flatMap((t) => t.operations), { target: p.target as TargetName });
  const exercised = rows.filter((r) => r.exercised).length;
  const unreachable = rows.filter((r) => r.unreachable !== undefined).length;
  return [{ provider: p.provider, rows, counts: { documented: rows.length, exercised, unreachable, missing: rows.length - exercised - unreachable } }];
}

const COVERAGE_ID = 'GEN-COVERAGE';
export const COVERAGE_TITLE = `${COVERAGE_ID} every documented operation x status is exercised, or listed as unreachable with a reason`;

/** Catalog IDs of a provider (its own and the generic ones) that no finished test of the run carries. */
function idsWithoutTest(p: ProviderInput, input: ReportInput): string[] {
  const carried = new Set(input.tests.filter((t) => t.provider === p.provider).map((t) => idOf(titleOf(t))));
  return input.catalog.filter((e) => (e.provider === p.provider || e.provider === 'generic') && e.id !== COVERAGE_ID && !carried.has(e.id)).map((e) => e.id);
}

/**
 * GEN-COVERAGE is judged over the whole run, so the report adds it as one test per provider: it passes when every
 * documented operation x status was answered by some call or has a reason in x-conformance.unreachable. It is
 * skipped, with the reason, when the run does not hold the provider's whole suite (a --grep, one shard of several,
 * an interrupted run), when none of the provider's tests ran, or off the mock target (coverage measures the suite,
 * and only the mock lets every status be provoked); merged shards hold the whole suite again.
 */
function coverageTests(input: ReportInput): CollectedTest[] {
  if (!input.catalog.some((e) => e.id === COVERAGE_ID)) return [];
  return input.providers.flatMap((p): CollectedTest[] => {
    if (!p.spec) return [];
    const mine = input.tests.filter((t) => t.provider === p.provider);
    const base: CollectedTest = {
      provider: p.provider,
      titlePath: [COVERAGE_TITLE],
      file: path.relative(PROJECT_ROOT, p.spec.file).split(path.sep).join('/'),
      line: 1,
      outcome: 'skipped',
      durationMs: 0,
      retry: 0,
      errors: [],
      warnings: [],
      exchanges: [],
      checkFailures: [],
      operations: [],
      mockDrift: [],
    };
    const missing = idsWithoutTest(p, input);
    const incomplete = input.status === 'interrupted' || input.status === 'timedout' ? `the run was ${input.status}` : missing.length ? `${missing.length} catalog IDs have no test in this run (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})` : undefined;
    if (incomplete) return [{ ...base, skipReason: `Coverage is judged over the provider's whole suite, and ${incomplete}: a --grep, one shard of several, or an interruption. Merged shards are judged again.` }];
    if (p.target !== 'mock') return [{ ...base, skipReason: `Coverage is judged on the mock target, where every documented status can be provoked; on the ${p.target} target some can only be reached by mock-only scenarios and probes, so a missing row says nothing about the provider. The coverage table shows what this run reached.` }];
    if (!mine.some((t) => t.outcome !== 'skipped')) return [{ ...base, skipReason: `No ${p.provider} test ran, so no call could cover an operation.` }];
    const failures = checkCoverage(p.spec, mine.flatMap((t) => t.operations), { target: p.target as TargetName });
    if (failures.length === 0) return [{ ...base, outcome: 'passed' }];
    const lines = failures.map((f) => `- ${f.message.split('\n')[0]!.replace(/^Received: /, '')}`);
    return [{ ...base, outcome: 'failed', checkFailures: failures, errors: [`${failures.length} documented operation x status rows were neither exercised nor listed in x-conformance.unreachable:\n${lines.join('\n')}`] }];
  });
}

function baselineReport(input: ReportInput, providers: string[], today: string, judged: Judged[]): BaselineReport | null {
  const b = input.baseline;
  if (!b) return null;
  if ('error' in b) return { file: b.file, entries: 0, expired: [], unused: [], error: b.error };
  const inRun = b.entries.filter((e) => providers.includes(e.provider));
  const used = new Set(judged.flatMap((j) => j.excusedBy));
  return {
    file: b.file,
    entries: b.entries.length,
    expired: inRun.filter((e) => isExpired(e, today)),
    unused: inRun.filter((e) => !isExpired(e, today) && !used.has(e)),
    error: null,
  };
}

function couldNotRunReasons(input: ReportInput, run: RunMetadata, baseline: BaselineReport | null): string[] {
  const reasons: string[] = [];
  if (run.status === 'interrupted') reasons.push(`The run was interrupted: ${run.finished} of ${run.planned} tests finished, and the report holds only those.`);
  if (run.status === 'timedout') reasons.push(`The run reached its global timeout: ${run.finished} of ${run.planned} tests finished, and the report holds only those.`);
  for (const e of input.errors) reasons.push(`Error outside any test: ${e.split('\n')[0]}`);
  if (baseline?.error) reasons.push(baseline.error);
  for (const p of run.providers) if (p.specError) reasons.push(`The ${p.provider} spec could not be loaded: ${p.specError}`);
  if (run.providers.length === 0) reasons.push('No provider project was part of the run.');
  return reasons;
}

/** "1 failing test", "3 failing tests", or null for none. */
function count(n: number, one: string, many: string): string | null {
  return n === 0 ? null : `${n} ${n === 1 ? one : many}`;
}

function verdictOf(input: ReportInput, run: RunMetadata, s: Summary, failures: FailureReport[], problems: ProblemGroup[], baseline: BaselineReport | null): { verdict: Verdict; verdictReasons: string[] } {
  const broken = couldNotRunReasons(input, run, baseline);
  if (broken.length) return { verdict: 'could-not-run', verdictReasons: broken };
  const idle = s.rows.filter((r) => r.verdict === 'could-not-run').map((r) => `${r.provider}: no test passed or failed (every test was skipped, or none ran).`);
  const failing = failures.filter((f) => f.status === 'failed' && f.cause === 'contract');
  const unanswered = failures.filter((f) => f.status === 'failed' && f.cause === 'could-not-run');
  const unansweredReason = count(unanswered.length, 'test', 'tests')?.concat(` got no answer to judge (timeout, unreachable target or refused credentials), the first: ${unanswered[0]?.message.split('\n')[0]}`);
  if (failing.length === 0 && unansweredReason) return { verdict: 'could-not-run', verdictReasons: [`${unansweredReason}.`, ...idle] };
  if (failing.length) {
    const tests = failing.filter((f) => f.source === 'test').length;
    const parts = [count(tests, 'failing test', 'failing tests'), count(failing.length - tests, 'expired known-drift entry', 'expired known-drift entries')].filter((p) => p !== null);
    const distinct = problems.filter((p) => p.status === 'failed' && p.cause === 'contract').length;
    return { verdict: 'drift', verdictReasons: [`${count(distinct, 'distinct problem', 'distinct problems')} (${parts.join(' and ')}).`, ...(unansweredReason ? [`Besides, ${unansweredReason}.`] : []), ...idle] };
  }
  if (idle.length) return { verdict: 'could-not-run', verdictReasons: idle };
  return { verdict: 'conform', verdictReasons: [`Every test that ran passed (${s.total.known} known drift, ${s.total.skipped} skipped, ${s.total.notRun} catalog IDs without a test).`] };
}

/** The operation a spec pointer sits under ("#/paths/~1users/get/responses/200/..." -> listUsers). */
function operationAt(spec: Spec | undefined, pointer: string): string | null {
  for (const op of spec?.operations.values() ?? []) if (pointer === op.pointer || pointer.startsWith(`${op.pointer}/`)) return op.operationId;
  return null;
}

/** GEN-UNDECLARED warnings of the run, one entry per provider, operation and field (array indices folded to []). */
function additiveDrift(input: ReportInput): AdditiveDrift[] {
  const byKey = new Map<string, AdditiveDrift & { seen: Set<string> }>();
  for (const t of input.tests) {
    const spec = input.providers.find((p) => p.provider === t.provider)?.spec;
    for (const f of t.checkFailures.filter((x) => x.check === 'GEN-UNDECLARED' && x.severity === 'warning')) {
      for (const d of f.diagnostics ?? []) {
        const name = /property "(.*)" that/.exec(d.message)?.[1] ?? '?';
        const field = `${readablePath('body', d.pointer).replace(/\[\d+\]/g, '[]')}.${name}`;
        const operationId = operationAt(spec, f.pointer);
        const key = `${t.provider}\0${operationId}\0${field}`;
        const entry = byKey.get(key) ?? { provider: t.provider, operationId, field, schemaPointer: f.pointer, tests: 0, seen: new Set<string>() };
        entry.seen.add(fullTitleOf(t));
        entry.tests = entry.seen.size;
        byKey.set(key, entry);
      }
    }
  }
  return [...byKey.values()].map(({ seen: _seen, ...e }) => e).sort((a, b) => `${a.provider}${a.operationId}${a.field}`.localeCompare(`${b.provider}${b.operationId}${b.field}`));
}

function additiveDriftReason(drift: AdditiveDrift[]): string {
  const operations = new Set(drift.map((d) => `${d.provider} ${d.operationId}`)).size;
  return `Additive drift: ${count(drift.length, 'field', 'fields')} the specs do not declare, on ${count(operations, 'operation', 'operations')} (warnings; --strict or CONFORMANCE_STRICT=1 makes them failures).`;
}

function comparables(ids: IdResult[], tests: TestReport[]): Comparable[] {
  return [
    ...ids.map((r): Comparable => ({ provider: r.provider, kind: 'id', name: r.id, status: r.status })),
    ...tests.map((t): Comparable => ({ provider: t.provider, kind: 'test', name: t.fullTitle, status: t.status })),
  ];
}

const targetOf = (input: ReportInput, provider: string) => input.providers.find((p) => p.provider === provider)?.target ?? 'mock';

/** Builds the report model. Pure: same input, same output. */
export function buildReport(input: ReportInput): ConformanceReport {
  const providers = input.providers.map((p) => p.provider);
  const today = input.startedAt.slice(0, 10);
  const live = input.baseline && !('error' in input.baseline) ? input.baseline.entries.filter((e) => !isExpired(e, today)) : [];
  const judged = [...input.tests, ...coverageTests(input)].map((t) => judge(t, live));
  const tests = judged.map(testReport);
  const baseline = baselineReport(input, providers, today, judged);
  const observations = input.providers.flatMap((p) => (p.spec?.observations ?? []).map((o) => ({ provider: p.provider, ...o })));
  const failures = [
    ...judged.flatMap((j, i) => (j.status === 'failed' || j.status === 'known' ? [failureReport(j, tests[i]!, observations, targetOf(input, j.test.provider), input.providers.find((p) => p.provider === j.test.provider)?.spec)] : [])),
    ...(baseline?.expired ?? []).map((e) => expiredFailure(e, baseline!.file)),
  ];
  const problems = groupProblems(failures, new Map(input.providers.map((p) => [p.provider, p.spec])));
  const ids = idResults(providers, input.catalog, tests, failures);
  const s = summary(providers, tests, ids, failures);
  const targets = [...new Set(input.providers.map((p) => p.target))];
  const run: RunMetadata = {
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    status: input.status,
    complete: input.status === 'passed' || input.status === 'failed',
    planned: input.planned,
    finished: input.tests.length,
    target: targets.join(', '),
    environment: [...new Set(targets.map((t) => environmentOf(t as TargetName)))].join(', '),
    suiteVersion: input.suiteVersion,
    playwrightVersion: input.playwrightVersion,
    providers: input.providers.map((p) => providerMetadata(p, input.tests)),
    errors: input.errors,
    seed: input.seed ?? null,
    healthData: input.healthData ?? 'shown',
    har: HAR_FILE,
    requests: input.providers.map((p) => {
      const mine = input.tests.filter((t) => t.provider === p.provider);
      const count = (ts: CollectedTest[]) => ts.reduce((n, t) => n + t.exchanges.length, 0);
      return { provider: p.provider, total: count(mine), deep: count(mine.filter((t) => DEEP_PHASE.test(t.titlePath[t.titlePath.length - 1] ?? ''))) };
    }),
  };
  const additive = additiveDrift(input);
  const verdict = verdictOf(input, run, s, failures, problems, baseline);
  if (additive.length) verdict.verdictReasons.push(additiveDriftReason(additive));
  const cleanup = input.cleanup;
  if (cleanup?.leftBehind.length) verdict.verdictReasons.push(`Left on the sandbox: ${count(cleanup.leftBehind.length, 'resource', 'resources')} of ${cleanup.created} the run created (${cleanup.kept ? 'kept with --keep' : 'the clean-up could not delete them; see the clean-up section'}).`);
  return {
    version: REPORT_VERSION,
    run,
    ...verdict,
    summary: s,
    ids,
    tests,
    failures,
    problems,
    coverage: input.providers.flatMap((p) => coverageOf(p, input.tests)),
    decisions: input.providers.flatMap((p) => (p.spec?.decisions ?? []).map((d) => ({ provider: p.provider, pointer: d.pointer, text: d.text }))),
    observations,
    additiveDrift: additive,
    mockDrift: input.tests.filter((t) => t.mockDrift.length).map((t) => ({ provider: t.provider, fullTitle: fullTitleOf(t), drift: t.mockDrift })),
    cleanup: input.cleanup ?? null,
    baseline,
    sinceLastRun: input.previous ? sinceLastRun(comparables(ids, tests), input.previous, REPORT_VERSION) : null,
  };
}
