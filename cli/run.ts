import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { getAdapter } from '../src/adapters';
import { ConformanceError } from '../src/errors';
import { loadSpec, PROVIDERS } from '../src/openapi';
import { loadEnvFile, parseTarget, resolveRemoteTarget, skipReason, strictUndeclared, type ProviderTarget } from '../src/targets';
import { parseCommandArgs } from './args';
import { HEALTH_DATA_VARIABLE, healthDataHidden } from '../src/health-data';
import { describeLimits, parseMaxRequests } from '../src/checks/budget';
import { PLAYWRIGHT_CONFIG, runPlaywright } from './playwright';
import { KNOWN_DRIFT_FILE, useDefaultBaseline } from './init';
import { EXIT } from './exit';
import { selectProviders } from './providers';
import { loadBaseline } from '../reporters/baseline';
import { resolveBaselineFile, resolveOutputDir } from '../reporters/settings';

const USAGE = `Usage: conformance run [--provider p[,p]] [--target mock|sandbox|production] [--env-file f] [--baseline f] [--workers n] [--grep re] [--shard i/n] [--strict] [--keep] [--seed s] [--examples n] [--max-requests n[/m]] [--show-health-data | --hide-health-data]

Runs the conformance suite: generated schema checks for every documented operation and every catalog scenario.
  --provider   providers to run (default: all of ${PROVIDERS.join(', ')})
  --target     mock (default; the built-in mocks, no credentials), sandbox (credentials from the environment or
               .env), production (read-only operations only)
  --env-file   dotenv file with credentials and base-URL overrides (default: .env when it exists)
  --baseline   JSON file of accepted deviations (known drift; see reporters/README.md); also CONFORMANCE_BASELINE.
               Default: ${KNOWN_DRIFT_FILE} in the current folder when it exists ("conformance init" writes an empty one)
  --grep       only tests whose title matches (e.g. "SON-TOK")
  --shard      i/n: run one shard of n; each also writes a blob report under <report dir>/blob/, and
               "conformance merge" joins the shards' blobs into the report one run would give
  --strict     fields a response carries that the spec does not declare fail the run (GEN-UNDECLARED). Strict is
               always on for the mock target; on sandbox and production such fields are by default warnings, counted
               and listed in the report as additive drift (per field, per operation). Also CONFORMANCE_STRICT=1
  --keep       sandbox target: leave what the run created (users, devices, webhooks, profiles, snapshots) for
               debugging; by default it is deleted at the end of the run, also after failures and Ctrl-C, and what
               could not be deleted is listed in the report with the reason. Also CONFORMANCE_KEEP=1
  --seed       the seed of the generated requests of GEN-FUZZ (a whole number; default: a random one, printed and
               written to results.json): the same seed replays the same requests. Also CONFORMANCE_SEED
  --examples   valid and invalid requests per operation in GEN-FUZZ (default 12 on the mock target, 3 elsewhere).
               Also CONFORMANCE_EXAMPLES
  --max-requests  the request budget of the deep phases (GEN-REQEXAMPLES, GEN-BOUNDARY, GEN-FUZZ, GEN-STATEFUL):
               N per provider, or N/M per provider and per operation ("-" for no limit). Default: no limit on the
               mock target, 100/8 elsewhere. Also CONFORMANCE_MAX_REQUESTS
  --show-health-data  production target: keep the health and personal fields the specs mark (x-health-data) as
               received in every artifact, for a private run. By default production replaces their values with typed
               placeholders (<number>, <date-time>, <string>) in the report, results.json, HAR, JUnit, Playwright's
               report and attachments; checks still judge the real values. Also CONFORMANCE_HEALTH_DATA=show
  --hide-health-data  hide them on sandbox and mock too (their data is synthetic, so shown by default). Also
               CONFORMANCE_HEALTH_DATA=hide
  --spec       provider=path: your own copy of a provider's spec (repeatable); also CONFORMANCE_SPEC_<PROVIDER>
Environment: CONFORMANCE_TIMEOUT_MS per-request timeout in ms (default 10000); <PROVIDER>_BASE_URL overrides a
  provider's documented server. A request that times out makes the run "could not run" (exit 2), not drift.
Reports (in the current folder): reports/conformance/index.html (the conformance report) and results.json,
Playwright's HTML under playwright/, JUnit junit.xml.
Exit codes: 0 conform, 1 contract failures, 2 could not run, 130 interrupted.`;

/** Fails fast (exit 2) when a remote target's host does not accept connections. */
export function assertReachable(target: ProviderTarget, timeoutMs = 5_000): Promise<void> {
  const url = new URL(target.baseUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port, timeout: timeoutMs });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(new ConformanceError('TARGET_UNREACHABLE', `The ${target.provider} ${target.target} target ${url.host} is unreachable (${err.message}). Check the network and ${target.provider.toUpperCase()}_BASE_URL.`));
      else resolve();
    };
    socket.once('connect', () => done());
    socket.once('timeout', () => done(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (e) => done(e));
  });
}

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(
    {
      usage: USAGE,
      options: {
        provider: { type: 'string', multiple: true },
        target: { type: 'string' },
        'env-file': { type: 'string' },
        baseline: { type: 'string' },
        workers: { type: 'string' },
        grep: { type: 'string' },
        shard: { type: 'string' },
        strict: { type: 'boolean' },
        keep: { type: 'boolean' },
        seed: { type: 'string' },
        examples: { type: 'string' },
        'max-requests': { type: 'string' },
        'show-health-data': { type: 'boolean' },
        'hide-health-data': { type: 'boolean' },
      },
    },
    argv,
  );
  if (!args) return EXIT.OK;
  loadEnvFile(args['env-file'] as string | undefined);
  const target = parseTarget((args.target as string | undefined) ?? process.env.CONFORMANCE_TARGET);
  const providers = selectProviders((args.provider as string[] | undefined) ?? process.env.CONFORMANCE_PROVIDERS?.split(','), PROVIDERS);

  if (args.baseline) process.env.CONFORMANCE_BASELINE = String(args.baseline);
  useDefaultBaseline();
  if (args.strict) process.env.CONFORMANCE_STRICT = '1';
  if (args.keep) process.env.CONFORMANCE_KEEP = '1';
  if (args['show-health-data'] && args['hide-health-data']) throw new ConformanceError('BAD_ARGUMENTS', 'Pass --show-health-data or --hide-health-data, not both.');
  if (args['show-health-data']) process.env[HEALTH_DATA_VARIABLE] = 'show';
  if (args['hide-health-data']) process.env[HEALTH_DATA_VARIABLE] = 'hide';
  healthDataHidden(target); // a CONFORMANCE_HEALTH_DATA that is neither show nor hide is exit 2 before anything runs
  // The deep phases' settings, checked before anything runs (exit 2 with the fix).
  if (args.seed !== undefined) process.env.CONFORMANCE_SEED = String(args.seed);
  if (args.examples !== undefined) process.env.CONFORMANCE_EXAMPLES = String(args.examples);
  if (args['max-requests'] !== undefined) process.env.CONFORMANCE_MAX_REQUESTS = String(args['max-requests']);
  process.env.CONFORMANCE_SEED ??= String(crypto.randomInt(1, 2 ** 31 - 1));
  if (!/^-?\d+$/.test(process.env.CONFORMANCE_SEED.trim())) throw new ConformanceError('BAD_ARGUMENTS', `--seed (CONFORMANCE_SEED) takes a whole number, the seed GEN-FUZZ generates its requests from; got "${process.env.CONFORMANCE_SEED}".`);
  if (process.env.CONFORMANCE_EXAMPLES !== undefined && !/^\d+$/.test(process.env.CONFORMANCE_EXAMPLES.trim())) throw new ConformanceError('BAD_ARGUMENTS', `--examples (CONFORMANCE_EXAMPLES) takes a whole number of requests per operation for GEN-FUZZ; got "${process.env.CONFORMANCE_EXAMPLES}".`);
  let limits;
  try {
    limits = parseMaxRequests(process.env.CONFORMANCE_MAX_REQUESTS, target);
  } catch (err) {
    throw new ConformanceError('BAD_ARGUMENTS', `${(err as Error).message} Also CONFORMANCE_MAX_REQUESTS.`);
  }
  console.log(`GEN-FUZZ seed ${process.env.CONFORMANCE_SEED} (replay with --seed ${process.env.CONFORMANCE_SEED}); deep-phase request budget: ${describeLimits(limits)}.`);
  strictUndeclared(target); // a CONFORMANCE_STRICT that is neither on nor off is exit 2 before anything runs
  const baselineFile = resolveBaselineFile({});
  if (baselineFile) loadBaseline(baselineFile); // a malformed baseline is exit 2 before anything runs

  // A broken spec stops the run before any test: exit 2 with file, line and pointer.
  const specs = await Promise.all(providers.map((p) => loadSpec(p)));

  if (target !== 'mock') {
    const runnable = [];
    for (const spec of specs) {
      const t = resolveRemoteTarget(spec, target, getAdapter(spec.provider as never).credentials);
      const reason = skipReason(t);
      if (reason) console.log(reason);
      else runnable.push(t);
    }
    if (runnable.length === 0) {
      throw new ConformanceError('CREDENTIALS_MISSING', `No provider can run on the ${target} target: every one lacks credentials (see above).`);
    }
    await Promise.all(runnable.map((t) => assertReachable(t)));
  }

  const pwArgs = ['test', '-c', PLAYWRIGHT_CONFIG];
  if (args.workers) pwArgs.push('--workers', String(args.workers));
  if (args.grep) pwArgs.push('--grep', String(args.grep));
  const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_TARGET: target, CONFORMANCE_PROVIDERS: providers.join(',') };
  if (args.shard) {
    const shard = parseShard(String(args.shard));
    pwArgs.push('--shard', `${shard.index}/${shard.total}`);
    // Each shard's blob report in its own folder (the blob reporter empties its folder first); `conformance merge` joins them.
    env.CONFORMANCE_BLOB_DIR ??= path.join(resolveOutputDir({}), 'blob', `shard-${shard.index}-of-${shard.total}`);
  }
  const started = Date.now();
  const code = await runPlaywright(pwArgs, env);
  const outDir = resolveOutputDir({});
  console.log(writtenLine(outDir, started));
  const results = writtenSince(path.join(outDir, 'results.json'), started);
  const requests = results && requestsLine(results);
  if (requests) console.log(requests);
  return exitCodeFor(code, results);
}

/** The file when this run wrote it (modified at or after `since`), else undefined: a report of an earlier run is not this one's. */
export function writtenSince(file: string, since: number): string | undefined {
  try {
    return fs.statSync(file).mtimeMs >= since - 1_000 ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The closing line: the report files this run wrote (relative to the current folder), or that it wrote none. */
export function writtenLine(outDir: string, since: number): string {
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const files = [
    ['results.json', ''],
    ['junit.xml', ''],
    [path.join('playwright', 'index.html'), "Playwright's report "],
  ]
    .filter(([file]) => writtenSince(path.join(outDir, file!), since))
    .map(([file, label]) => `${label}${rel(path.join(outDir, file!))}`);
  if (files.length === 0) return `No report was written to ${rel(outDir)}: the run ended before its reporter could write (see the errors above).`;
  return `Also written: ${files.join(', ')}`;
}

/** "Requests sent: sahha 1146 (deep phases 761), ...; seed 42", from results.json (undefined when it has none). */
export function requestsLine(resultsFile: string): string | undefined {
  try {
    const run = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { run?: { seed?: string | null; requests?: { provider: string; total: number; deep: number }[] } }).run;
    if (!run?.requests?.length) return undefined;
    return `Requests sent: ${run.requests.map((r) => `${r.provider} ${r.total} (deep phases ${r.deep})`).join(', ')}; GEN-FUZZ seed ${run.seed ?? 'default'}.`;
  } catch {
    return undefined;
  }
}

/** "2/3" -> {index: 2, total: 3}; anything else is a bad argument. */
export function parseShard(value: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || index < 1 || total < 1 || index > total) throw new ConformanceError('BAD_ARGUMENTS', `--shard takes i/n with 1 <= i <= n (for example 2/3); got "${value}".`);
  return { index, total };
}

/** Maps the run to the CLI's exit codes, from the conformance report's verdict when there is one (this run's results.json). */
export function exitCodeFor(playwrightCode: number, resultsFile: string | undefined): number {
  if (playwrightCode === EXIT.INTERRUPTED) return EXIT.INTERRUPTED;
  // No readable report from this run: it cannot be said to conform, whatever Playwright's status.
  if (resultsFile === undefined) return EXIT.COULD_NOT_RUN;
  let verdict: string | undefined;
  try {
    verdict = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { verdict?: string }).verdict;
  } catch {
    return EXIT.COULD_NOT_RUN;
  }
  if (verdict === 'conform') return EXIT.OK;
  if (verdict === 'drift') return EXIT.CONTRACT_FAILURES;
  return EXIT.COULD_NOT_RUN;
}
