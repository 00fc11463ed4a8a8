/**
 * Section 1: the full conformance run against the built-in mocks, beside its floor measured in the same bench run:
 * (a) an empty Playwright run (one empty test) and (b) a bare replay of the run's own HTTP exchanges, control-surface
 * calls included, against freshly started mocks (plain fetch: no validation, no checks, no reporting; bench/replay.ts).
 * Section 5 reads the same run: requests and tokens minted per provider.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exchange } from '../src/http';
import { PROJECT_ROOT, resolveRef, type OpenApiDocument, type ProviderName, type Spec } from '../src/openapi';
import { prepareCapture } from './replay';
import { runNpx, tail, tempDir, type ChildRun } from './util';

// ---------------------------------------------------------------------------------------------------------------
// The run and what it recorded (Playwright's JSON report: results with their exchanges.json / operations.json)

interface PwAttachment { name: string; contentType: string; body?: string; path?: string }
interface PwResult { workerIndex: number; parallelIndex: number; status: string; startTime: string; attachments: PwAttachment[] }
interface PwSuite { specs?: { title: string; tests: { projectName: string; results: PwResult[] }[] }[]; suites?: PwSuite[] }

export interface RecordedTest {
  provider: ProviderName;
  title: string;
  status: string;
  workerIndex: number;
  parallelIndex: number;
  startTime: string;
  exchanges: Exchange[];
  calls: { operationId: string; status: number }[];
}

export interface FullRun {
  run: ChildRun;
  reportDir: string;
  /** The unredacted recording of the run's exchanges for the replay (bench/replay.ts); remove it after use. */
  captureDir: string;
  tests: RecordedTest[];
  verdict?: string;
}

function attachmentJson<T>(a: PwAttachment | undefined): T | undefined {
  if (!a) return undefined;
  const text = a.body !== undefined ? Buffer.from(a.body, 'base64').toString('utf8') : a.path && fs.existsSync(a.path) ? fs.readFileSync(a.path, 'utf8') : undefined;
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

function flatten(suite: PwSuite, out: RecordedTest[]): void {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests) {
      for (const r of t.results) {
        out.push({
          provider: t.projectName as ProviderName,
          title: spec.title,
          status: r.status,
          workerIndex: r.workerIndex,
          parallelIndex: r.parallelIndex,
          startTime: r.startTime,
          exchanges: attachmentJson<Exchange[]>(r.attachments.find((a) => a.name === 'exchanges.json')) ?? [],
          calls: attachmentJson<RecordedTest['calls']>(r.attachments.find((a) => a.name === 'operations.json')) ?? [],
        });
      }
    }
  }
  for (const s of suite.suites ?? []) flatten(s, out);
}

/**
 * `npx playwright test -c playwright.config.ts` on the mock target, reports and test output in a temp folder, its
 * exchanges recorded unredacted in another (the mocks' exchange log and a preload: bench/replay.ts).
 */
export async function fullConformanceRun(): Promise<FullRun> {
  const reportDir = tempDir('conformance');
  const captureDir = tempDir('capture');
  const run = await runNpx(['playwright', 'test', '-c', path.join(PROJECT_ROOT, 'playwright.config.ts'), '--output', path.join(reportDir, 'test-results')], {
    CONFORMANCE_TARGET: 'mock',
    CONFORMANCE_REPORT_DIR: reportDir,
    ...prepareCapture(captureDir),
  });
  const jsonFile = path.join(reportDir, 'playwright-results.json');
  if (!fs.existsSync(jsonFile)) throw new Error(`the run (exit ${run.code}) wrote no ${jsonFile}: ${tail(run.stderr || run.stdout)}`);
  const tests: RecordedTest[] = [];
  for (const s of (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { suites: PwSuite[] }).suites) flatten(s, tests);
  let verdict: string | undefined;
  try {
    verdict = (JSON.parse(fs.readFileSync(path.join(reportDir, 'results.json'), 'utf8')) as { verdict?: string }).verdict;
  } catch {
    /* no conformance report: verdict unknown */
  }
  return { run, reportDir, captureDir, tests, verdict };
}

/** An empty Playwright run: a trivial config with one empty test, in a temp folder. */
export async function emptyPlaywrightRun(): Promise<ChildRun> {
  const dir = tempDir('empty-run');
  const pw = JSON.stringify(require.resolve('@playwright/test', { paths: [PROJECT_ROOT] }));
  fs.writeFileSync(path.join(dir, 'playwright.config.js'), `module.exports = { testDir: __dirname, reporter: 'list', workers: 1 };\n`);
  fs.writeFileSync(path.join(dir, 'empty.spec.js'), `const { test } = require(${pw});\ntest('does nothing', () => {});\n`);
  const run = await runNpx(['playwright', 'test', '-c', path.join(dir, 'playwright.config.js'), '--output', path.join(dir, 'test-results')]);
  if (run.code !== 0) throw new Error(`the empty run exited ${run.code}: ${tail(run.stderr || run.stdout)}`);
  return run;
}

// ---------------------------------------------------------------------------------------------------------------
// Section 5: requests and tokens per provider

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A property that carries a token: "token", "accountToken", "refresh_token", "access_token" (not "tokenType"). */
const TOKEN_PROPERTY = /(^|[a-z_])token$/i;

/** The token properties a schema declares, through $ref and allOf/anyOf/oneOf. */
function tokenProperties(doc: OpenApiDocument, schema: unknown, seen = new Set<unknown>()): string[] {
  const s = resolveRef<unknown>(doc, schema);
  if (!isObj(s) || seen.has(s)) return [];
  seen.add(s);
  const own = isObj(s.properties) ? Object.keys(s.properties).filter((k) => TOKEN_PROPERTY.test(k)) : [];
  const members = ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as unknown[]) : []));
  return [...own, ...members.flatMap((m) => tokenProperties(doc, m, seen))];
}

/**
 * Token-issuing operations of a spec: x-conformance has no "issues tokens" flag (its keys are tokens, mutates,
 * production, unreachable, catalog), so they are the operations whose success response declares a token property.
 */
export function tokenIssuingOperations(spec: Spec): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const op of spec.operations.values()) {
    for (const r of op.responses.filter((x) => /^2\d\d$/.test(x.status))) {
      const props = r.content.flatMap((m) => tokenProperties(spec.document, m.schema));
      if (props.length) out.set(op.operationId, [...new Set([...(out.get(op.operationId) ?? []), ...props])]);
    }
  }
  return out;
}

export interface ProviderCounts {
  provider: string;
  tests: number;
  /** Requests sent (exchanges); attempts counts retries too. */
  requests: number;
  attempts: number;
  /** Answered calls of each token-issuing operation, and how many of them succeeded (2xx): tokens minted. */
  tokenCalls: number;
  tokensMinted: number;
  byOperation: Record<string, { calls: number; minted: number; fields: string[] }>;
}

export function countsPerProvider(tests: RecordedTest[], specs: Spec[]): ProviderCounts[] {
  return specs.map((spec) => {
    const mine = tests.filter((t) => t.provider === spec.provider);
    const issuing = tokenIssuingOperations(spec);
    const byOperation: ProviderCounts['byOperation'] = Object.fromEntries([...issuing].map(([id, fields]) => [id, { calls: 0, minted: 0, fields }]));
    for (const c of mine.flatMap((t) => t.calls)) {
      const row = byOperation[c.operationId];
      if (!row) continue;
      row.calls++;
      if (c.status >= 200 && c.status < 300) row.minted++;
    }
    const exchanges = mine.flatMap((t) => t.exchanges);
    return {
      provider: spec.provider,
      tests: mine.length,
      requests: exchanges.length,
      attempts: exchanges.reduce((n, e) => n + Math.max(1, e.attempts?.length ?? 1), 0),
      tokenCalls: Object.values(byOperation).reduce((n, r) => n + r.calls, 0),
      tokensMinted: Object.values(byOperation).reduce((n, r) => n + r.minted, 0),
      byOperation,
    };
  });
}
