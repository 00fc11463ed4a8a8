/**
 * `npm run bench`: performance figures of the suite, printed as tables and written to reports/bench/bench.json.
 * Figures only, no assertion on time. Each section catches its own errors and prints "failed: <reason>".
 *
 *   1. full conformance run on the mocks, beside its floor (empty Playwright run + bare replay of its exchanges,
 *      recorded unredacted, against fresh mocks of the same seed; how many answers had the recorded status)
 *   2. response validation throughput (src/openapi validators on spec examples)
 *   3. spec lint, bundle, index and compile time per provider spec
 *   4. scaling with synthetic specs of 200 and 2,000 operations (load, compile, test collection)
 *   5. requests and tokens minted per provider in the run of section 1
 *   6. time to a verdict against a target that stopped answering (silent, and 2.5 s late; 1 s request timeout)
 *   7. what a drift costs: requests and time of a conforming and of a drifted sandbox-target run, per provider
 *   8. 300 ms added to every answer: the sandbox-target run per provider through a delaying proxy, beside section 7's
 * BENCH_SECTIONS=2,3,4 runs only some sections.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSpec, PROJECT_ROOT, PROVIDERS, specFileFor } from '../src/openapi';
import { countsPerProvider, emptyPlaywrightRun, fullConformanceRun, type FullRun } from './conformance-run';
import { bareReplay, readCapture } from './replay';
import { emptyCollection, scalingRow, type ScalingRow } from './scaling';
import { measureSpec } from './spec-load';
import { stoppedTargetRun } from './stopped-target';
import { DRIFT_FAULT, driftCost, type CostRun } from './drift-cost';
import { ADDED_LATENCY_MS, latencyRuns } from './latency';
import { errorText, removeTempDirs, round, table } from './util';
import { THROUGHPUT_SUBJECTS, validationThroughput } from './validation';

const OUT_FILE = path.join(PROJECT_ROOT, 'reports', 'bench', 'bench.json');
const SCALING_SIZES = [200, 2000] as const;

type Section = { failed: string } | Record<string, unknown>;
const results: Record<string, Section> = {};
/** BENCH_SECTIONS=2,3 runs only those sections (5 needs 1). Default: all. */
const only = (process.env.BENCH_SECTIONS ?? '').split(',').map((x) => x.trim()).filter(Boolean);

function heading(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 100 - title.length))}`);
}

/** Runs one section; an error becomes "failed: <reason>" and the bench goes on. */
async function section(key: string, title: string, fn: () => Promise<Record<string, unknown>>): Promise<void> {
  if (only.length && !only.includes(title.split('.')[0]!)) return;
  heading(title);
  try {
    results[key] = await fn();
  } catch (err) {
    console.log(`failed: ${errorText(err)}`);
    results[key] = { failed: errorText(err) };
  }
}

const s = (ms: number) => round(ms / 1000, 2);

async function main(): Promise<void> {
  const started = new Date();
  console.log(`Benchmarks (${started.toISOString()}, Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}). Figures only; nothing is asserted.`);
  let run: FullRun | undefined;
  let costRuns: CostRun[] | undefined;

  await section('conformanceRun', '1. Full conformance run on the mocks, and its floor', async () => {
    console.log('running the full suite (npx playwright test -c playwright.config.ts, CONFORMANCE_TARGET=mock) ...');
    run = await fullConformanceRun();
    const passed = run.tests.filter((t) => t.status === 'passed').length;
    const failedTests = run.tests.filter((t) => t.status === 'failed' || t.status === 'timedOut').length;
    const skipped = run.tests.filter((t) => t.status === 'skipped').length;
    const out: Record<string, unknown> = {
      runMs: round(run.run.ms),
      exitCode: run.run.code,
      verdict: run.verdict ?? null,
      tests: { total: run.tests.length, passed, failed: failedTests, skipped },
    };
    const rows: (string | number)[][] = [['full run', s(run.run.ms), `${run.tests.length} tests (${passed} passed, ${failedTests} failed, ${skipped} skipped), exit ${run.run.code}, verdict ${run.verdict ?? '?'}`]];
    let emptyMs: number | undefined;
    let replayMs: number | undefined;
    try {
      const empty = await emptyPlaywrightRun();
      emptyMs = empty.ms;
      out.emptyRunMs = round(empty.ms);
      rows.push(['(a) empty Playwright run', s(empty.ms), 'one empty test, trivial config']);
    } catch (err) {
      out.emptyRun = { failed: errorText(err) };
      rows.push(['(a) empty Playwright run', 'failed', errorText(err)]);
    }
    let sameStatus: string | undefined;
    try {
      const replay = await bareReplay(readCapture(run.captureDir), run.tests);
      replayMs = replay.ms;
      out.replay = { ...replay, ms: round(replay.ms), mockStartMs: round(replay.mockStartMs) };
      const outcomes = Object.entries(replay.outcomes).sort().map(([k, v]) => `${k}: ${v}`).join(', ');
      rows.push(['(b) bare replay of its exchanges', s(replay.ms), `${replay.requests} requests (${replay.control} to /__control) in ${replay.lanes} parallel lanes (${replay.workers} fresh mock sets, ${s(replay.mockStartMs)} s starting them, ${s(replay.waitedMs)} s waiting ${replay.waits} Retry-After); ${outcomes}`]);
      sameStatus = `replay: ${replay.requests} requests, ${replay.sameStatus} same status as recorded; ${replay.substitutions} values substituted${replay.differing.length ? `; differing: ${replay.differing.join('; ')}` : ''}`;
    } catch (err) {
      out.replay = { failed: errorText(err) };
      rows.push(['(b) bare replay of its exchanges', 'failed', errorText(err)]);
    } finally {
      fs.rmSync(run.captureDir, { recursive: true, force: true }); // holds the mocks' fake credentials in clear
    }
    if (emptyMs !== undefined && replayMs !== undefined) {
      out.floorMs = round(emptyMs + replayMs);
      out.ratio = round(run.run.ms / (emptyMs + replayMs), 2);
      rows.push(['floor = (a) + (b)', s(emptyMs + replayMs), '']);
      rows.push(['ratio = run / floor', round(run.run.ms / (emptyMs + replayMs), 2), '']);
    }
    console.log(table(['what', 'seconds', 'detail'], rows));
    if (sameStatus) console.log(sameStatus);
    console.log('(replay: the run recorded unredacted, each instance\'s requests sent in their order to a fresh instance of the same seed; bench/replay.ts)');
    return out;
  });

  await section('validation', '2. Response validation throughput (src/openapi validators, spec examples, ~1 s each)', async () => {
    const rows = [];
    for (const subject of THROUGHPUT_SUBJECTS) rows.push(...(await validationThroughput(subject.provider, subject.operationId)));
    console.log(table(['provider', 'operation', 'mode', 'example bytes', 'validations', 'per second', 'diagnostics'], rows.map((r) => [r.provider, r.operationId, r.mode === 'schema' ? 'schema (GEN-SCHEMA)' : 'closed (GEN-UNDECLARED)', r.exampleBytes, r.validations, Math.round(r.perSecond), r.diagnostics])));
    return { rows: rows.map((r) => ({ ...r, perSecond: Math.round(r.perSecond), seconds: round(r.seconds, 3) })) };
  });

  await section('specLoad', '3. Spec load, lint and compile per provider (median of 3)', async () => {
    const rows: Record<string, unknown>[] = [];
    for (const provider of PROVIDERS) {
      const t = await measureSpec(provider, specFileFor(provider));
      rows.push({ provider, ...t });
    }
    console.log(
      table(
        ['provider', 'operations', 'lint ms', 'bundle ms', 'index ms', 'load ms (lint+bundle+index)', 'response schemas', 'compile ms'],
        rows.map((r) => [String(r.provider), r.operations as number, round(r.lintMs as number), round(r.bundleMs as number), round(r.indexMs as number), round(r.loadMs as number), r.responseSchemas as number, round(r.compileMs as number)]),
      ),
    );
    console.log('(compile: every response schema of every operation, as written and closed, on a fresh Spec)');
    return { rows };
  });

  await section('scaling', '4. Scaling: synthetic specs of 200 and 2,000 operations', async () => {
    const emptyCollectMs = await emptyCollection();
    const rows: (ScalingRow | { size: number; failed: string })[] = [];
    for (const size of SCALING_SIZES) {
      try {
        rows.push(await scalingRow(size, emptyCollectMs));
      } catch (err) {
        rows.push({ size, failed: errorText(err) });
      }
    }
    const ok = rows.filter((r): r is ScalingRow => !('failed' in r));
    const printed: (string | number)[][] = rows.map((r) =>
      'failed' in r
        ? [r.size, `failed: ${r.failed}`, '', '', '', '', '', '', '', '']
        : [r.size, round(r.specBytes / 1024), round(r.lintMs), round(r.bundleMs + r.indexMs), round(r.loadMs), round(r.compileMs), round(r.collectMs), round(r.collectNetMs), round(r.defineMs), r.testsCollected],
    );
    const small = ok.find((r) => r.size === SCALING_SIZES[0]);
    const large = ok.find((r) => r.size === SCALING_SIZES[1]);
    let ratios: Record<string, number> | undefined;
    if (small && large) {
      const q = (a: number, b: number) => (b > 0 ? round(a / b, 2) : NaN);
      ratios = {
        spec: q(large.specBytes, small.specBytes),
        lint: q(large.lintMs, small.lintMs),
        bundleIndex: q(large.bundleMs + large.indexMs, small.bundleMs + small.indexMs),
        load: q(large.loadMs, small.loadMs),
        compile: q(large.compileMs, small.compileMs),
        collect: q(large.collectMs, small.collectMs),
        collectNet: q(large.collectNetMs, small.collectNetMs),
        define: q(large.defineMs, small.defineMs),
        tests: q(large.testsCollected, small.testsCollected),
      };
      printed.push(['2000/200', ratios.spec!, ratios.lint!, ratios.bundleIndex!, ratios.load!, ratios.compile!, ratios.collect!, ratios.collectNet!, ratios.define!, ratios.tests!]);
    }
    console.log(table(['operations', 'spec KiB', 'lint ms', 'bundle+index ms', 'load ms', 'compile ms', 'collect ms', 'collect net ms', 'define ms', 'tests'], printed));
    console.log(`(collect: wall time of \`npx playwright test --list\` of the suite's defineGeneratedChecks on the synthetic spec, second of two runs;`);
    console.log(` net = minus an empty --list (${round(emptyCollectMs)} ms); define = time inside defineGeneratedChecks during that --list. Linear growth shows as ratios near 10.)`);
    return { emptyCollectMs: round(emptyCollectMs), rows, ratios: ratios ?? null };
  });

  await section('perProvider', '5. Requests and tokens minted per full run, per provider (from the run of section 1)', async () => {
    if (!run) throw new Error('section 1 did not produce a run to count.');
    const specs = await Promise.all(PROVIDERS.map((p) => loadSpec(p)));
    const counts = countsPerProvider(run.tests, specs);
    console.log(table(['provider', 'tests', 'requests', 'attempts (with retries)', 'token-issuing calls', 'tokens minted (2xx)'], counts.map((c) => [c.provider, c.tests, c.requests, c.attempts, c.tokenCalls, c.tokensMinted])));
    console.log('\nper token-issuing operation (success response declares a token property; x-conformance has no "issues tokens" key):');
    console.log(table(['provider', 'operation', 'token fields', 'calls', 'minted (2xx)'], counts.flatMap((c) => Object.entries(c.byOperation).map(([op, r]) => [c.provider, op, r.fields.join(', '), r.calls, r.minted]))));
    return { providers: counts };
  });

  await section('stoppedTarget', '6. Time to a verdict against a target that stopped answering (sandbox target, every provider, 1 s timeout)', async () => {
    // Before the run-wide breaker (measured on Sonar and Sahha alone): still running after 420 s; Synheart exit 2 after 112 s.
    const before = { silent: 'Sahha, Sonar: still running after 420 s; Synheart: exit 2 after 112 s', late: 'the same (every answer past the timeout)' };
    const rows: (string | number)[][] = [];
    const out: Record<string, unknown> = {};
    for (const kind of ['silent', 'late'] as const) {
      const r = await stoppedTargetRun(kind);
      out[kind] = { ms: round(r.run.ms), exitCode: r.run.code, verdict: r.verdict ?? null, requests: r.requests };
      rows.push([kind === 'silent' ? 'accepts connections, never answers' : 'answers every request 2.5 s late', s(r.run.ms), r.run.code, r.verdict ?? '?', Object.entries(r.requests).map(([p, n]) => `${p} ${n}`).join(', '), before[kind]]);
    }
    console.log(table(['target', 'seconds to verdict', 'exit', 'verdict', 'requests received', 'before the breaker'], rows));
    console.log('(seconds include starting the CLI and Playwright; the breaker trips after 3 requests in a row without an answer, across workers)');
    return out;
  });

  await section('driftCost', '7. What a drift costs (sandbox target against `conformance mock`, conforming and with every error body renamed)', async () => {
    const runs = await driftCost();
    costRuns = runs;
    const rows: (string | number)[][] = [];
    for (const provider of PROVIDERS) {
      const ok = runs.find((r) => r.provider === provider && r.fault === null)!;
      const drift = runs.find((r) => r.provider === provider && r.fault !== null)!;
      const left = (r: typeof ok) => (r.created === null ? 'nothing created' : `${r.leftBehind} of ${r.created}`);
      rows.push([provider, ok.requests, s(ok.ms), ok.exitCode ?? '?', drift.requests, s(drift.ms), drift.exitCode ?? '?', round(drift.requests / Math.max(1, ok.requests), 2), round(drift.ms / ok.ms, 2), left(ok), left(drift)]);
    }
    console.log(table(['provider', 'conforming requests', 's', 'exit', `${DRIFT_FAULT} requests`, 's', 'exit', 'requests ratio', 'time ratio', 'left behind (conforming)', 'left behind (drifted)'], rows));
    console.log('(left behind: created by the run and not deleted at its end; before the clean-up, everything it created stayed)');
    console.log('(before the run store and the kept workers, Sonar: 262 requests in 17 s conforming, 547 requests in 252 s with error bodies renamed; targets: at most 1.2x the requests, 1.5x the time)');
    return { runs: runs.map((r) => ({ ...r, ms: round(r.ms) })) };
  });

  await section('latency', `8. ${ADDED_LATENCY_MS} ms added to every answer (sandbox target through a delaying proxy)`, async () => {
    const runs = await latencyRuns();
    const rows = runs.map((r) => {
      const plain = costRuns?.find((c) => c.provider === r.provider && c.fault === null);
      return [r.provider, s(r.ms), r.exitCode ?? '?', plain ? s(plain.ms) : '(section 7 not run)', plain ? round(r.ms / plain.ms, 2) : '', plain ? s(r.ms - plain.ms) : ''];
    });
    console.log(table(['provider', `seconds with +${ADDED_LATENCY_MS} ms`, 'exit', 'seconds without', 'ratio', 'latency cost (s)'], rows));
    console.log('(before: Sahha 82 s with +300 ms against 11 s without, about 1.4 requests in flight; the target is a third of that cost)');
    return { runs: runs.map((r) => ({ ...r, ms: round(r.ms) })) };
  });

  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  const report = { version: 1, startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), node: process.version, cpus: os.cpus().length, platform: os.platform(), sections: results };
  fs.writeFileSync(OUT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWritten: ${path.relative(process.cwd(), OUT_FILE) || OUT_FILE}`);
}

main()
  .catch((err: unknown) => {
    console.error(`bench failed: ${errorText(err)}`);
    process.exitCode = 1;
  })
  .finally(removeTempDirs);
