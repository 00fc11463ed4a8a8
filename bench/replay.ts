/**
 * Floor (b) of section 1: the full run's HTTP work repeated bare. The run is recorded unredacted, and each mock
 * instance's requests are sent again, in the order they were answered, to a fresh instance of the same provider and
 * environment started as the conformance fixture starts it (same seed and credentials; no response validation).
 *
 * Recording. The mocks' exchange log (MOCK_EXCHANGE_LOG, mocks/kernel/exchange-log.ts) has each answer's provider,
 * environment, method, path, status and body, unredacted, but not the request's headers and body, nor which worker's
 * instance answered. A preload (written to the capture folder, given to the run by NODE_OPTIONS) fills that in, in
 * the run's processes only: it points MOCK_EXCHANGE_LOG at a file of its own process, and appends to a second file
 * of that process, at the same moment as the mock's line, the request's worker, port, arrival time, headers and
 * body. The two files of a process are joined line by line. They hold the mocks' fake credentials in clear: never
 * printed, removed after the replay.
 *
 * Replay. The fixture sets each mock's clock back and the faults of CONFORMANCE_FAULTS on before every test; the
 * replay does the same when a request belongs to the next test (by arrival time against the tests' start times).
 * Where the run's client waited out a 429's Retry-After before its next request (a pause of a second or more after
 * a recorded 429), the replay waits the Retry-After of its own 429: that wait is part of the work.
 * The mocks draw ids and tokens from their seed, so the fresh instances mint the same ones; where an answer still
 * differs from the recorded one, string values that differ at the same place of the two JSON bodies (dates left
 * out) go into a substitution table applied to the following requests, as does the run's host:port of each
 * instance. Each answer's status is compared with the recorded one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readExchangeLog } from '../mocks/kernel/exchange-log';
import { startMock } from '../mocks/kernel';
import type { RunningMock } from '../mocks/kernel/types';
import { loadMockDefinition, mockOptionsFromEnv, type MockEnvironment } from '../mocks/registry';
import type { ProviderName } from '../src/openapi';
import type { RecordedTest } from './conformance-run';
import { now } from './util';

// ---------------------------------------------------------------------------------------------------------------
// Recording

const CAPTURE_DIR_VARIABLE = 'BENCH_CAPTURE_DIR';

/** CommonJS preload of the run's processes (only Playwright workers start mocks, so only they write anything). */
const PRELOAD = `'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const dir = process.env.${CAPTURE_DIR_VARIABLE};
if (dir) {
  process.env.MOCK_EXCHANGE_LOG = path.join(dir, 'mock-' + process.pid + '.jsonl');
  const file = path.join(dir, 'requests-' + process.pid + '.jsonl');
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === 'request') {
      const at = Date.now();
      const address = this.address();
      const chunks = [];
      const push = req.push;
      req.push = function (chunk, encoding) {
        if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
        return push.call(this, chunk, encoding);
      };
      const end = res.end;
      res.end = function (...args) {
        const line = { worker: Number(process.env.TEST_WORKER_INDEX ?? -1), port: address && address.port, at, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('base64') };
        fs.appendFileSync(file, JSON.stringify(line) + '\\n');
        return end.apply(this, args);
      };
    }
    return emit.apply(this, arguments);
  };
}
`;

/** A folder for the recording, the preload in it, and the variables that give the run both. */
export function prepareCapture(dir: string): NodeJS.ProcessEnv {
  const preload = path.join(dir, 'preload.cjs');
  fs.writeFileSync(preload, PRELOAD);
  return { [CAPTURE_DIR_VARIABLE]: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim() };
}

/** One answered request of the run, unredacted. */
export interface CapturedExchange {
  workerIndex: number;
  provider: ProviderName;
  environment: MockEnvironment;
  /** The port of the instance that answered, and the request's arrival time (ms since epoch). */
  port: number;
  at: number;
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  status: number;
  responseBody: string;
}

interface PreloadLine { worker: number; port: number; at: number; method: string; url: string; headers: CapturedExchange['headers']; body: string }

/** Joins each process's mock log with its preload lines (same order, same count). */
export function readCapture(dir: string): CapturedExchange[] {
  const out: CapturedExchange[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => /^requests-\d+\.jsonl$/.test(f))) {
    const pid = name.slice('requests-'.length, -'.jsonl'.length);
    const requests = fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PreloadLine);
    const answers = readExchangeLog(path.join(dir, `mock-${pid}.jsonl`));
    if (answers.length !== requests.length) throw new Error(`the recording of one worker does not add up: ${requests.length} requests, ${answers.length} mock log lines.`);
    requests.forEach((r, i) => {
      const a = answers[i]!;
      if (a.method !== r.method || a.url !== r.url) throw new Error(`the recording of one worker is out of step at line ${i + 1} (${a.method} vs ${r.method}).`);
      out.push({ workerIndex: r.worker, provider: a.provider as ProviderName, environment: a.environment as MockEnvironment, port: r.port, at: r.at, method: r.method, url: r.url, headers: r.headers, body: Buffer.from(r.body, 'base64'), status: a.status, responseBody: a.body });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Replay

export interface ReplayResult {
  ms: number;
  requests: number;
  /** Of them, calls to the control surface (/__control). */
  control: number;
  /** Answers with the recorded status. */
  sameStatus: number;
  /** The first few answers whose status differs ("POST /path: recorded 200, replay 401"; no query). */
  differing: string[];
  /** Status class (2xx, 4xx, ...) or "error" -> count. */
  outcomes: Record<string, number>;
  /** Waits of the Retry-After of a 429 where the run's client waited too, and their time (part of ms). */
  waits: number;
  waitedMs: number;
  /** Entries of the substitution table learnt from answers that differed (host:port entries not counted). */
  substitutions: number;
  lanes: number;
  workers: number;
  /** Time spent starting the fresh mocks (part of ms). */
  mockStartMs: number;
}

/** A pause after a 429 at least this long (Retry-After is whole seconds) was the client waiting before it retried. */
const MIN_RETRY_PAUSE_MS = 900;
const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'expect', 'upgrade']);
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]|$)/;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Recorded string -> replay string, applied to every later request of one worker. */
class Substitutions {
  private readonly table = new Map<string, string>();
  private pattern: RegExp | undefined;
  learnt = 0;

  set(from: string, to: string): void {
    if (from === to || this.table.get(from) === to) return;
    this.table.set(from, to);
    this.pattern = undefined;
  }

  apply(text: string): string {
    if (this.table.size === 0) return text;
    this.pattern ??= new RegExp([...this.table.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
    return text.replace(this.pattern, (m) => this.table.get(m)!);
  }

  /** String values that differ at the same place of two JSON bodies (dates, texts with spaces and short values left out). */
  learn(recorded: string, replayed: string): void {
    if (recorded === replayed) return;
    let a: unknown;
    let b: unknown;
    try {
      a = JSON.parse(recorded);
      b = JSON.parse(replayed);
    } catch {
      return;
    }
    const walk = (x: unknown, y: unknown): void => {
      if (typeof x === 'string' && typeof y === 'string') {
        if (x !== y && x.length >= 6 && !/\s/.test(x) && !DATE_LIKE.test(x) && !this.table.has(x)) {
          this.set(x, y);
          this.learnt++;
        }
      } else if (Array.isArray(x) && Array.isArray(y)) {
        x.forEach((v, i) => walk(v, y[i]));
      } else if (x && y && typeof x === 'object' && typeof y === 'object') {
        for (const [k, v] of Object.entries(x)) walk(v, (y as Record<string, unknown>)[k]);
      }
    };
    walk(a, b);
  }
}

const envFaults = (): string[] => (process.env.CONFORMANCE_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Replays each recorded worker's exchanges against fresh mocks of its provider (one set per worker, as the run
 * had), the run's parallel slots side by side, each slot's workers one after the other.
 */
export async function bareReplay(captured: CapturedExchange[], tests: RecordedTest[]): Promise<ReplayResult> {
  const byWorker = new Map<number, CapturedExchange[]>();
  for (const e of captured) {
    const list = byWorker.get(e.workerIndex) ?? [];
    list.push(e);
    byWorker.set(e.workerIndex, list);
  }
  const parallelIndex = new Map(tests.map((t) => [t.workerIndex, t.parallelIndex]));
  const testStarts = new Map<number, number[]>();
  for (const t of tests) testStarts.set(t.workerIndex, [...(testStarts.get(t.workerIndex) ?? []), Date.parse(t.startTime)]);
  for (const starts of testStarts.values()) starts.sort((a, b) => a - b);

  const providers = [...new Set(captured.map((e) => e.provider))];
  const defs = new Map(await Promise.all(providers.map(async (p) => [p, await loadMockDefinition(p)] as const))); // outside the timing
  const slots = new Map<number, [number, CapturedExchange[]][]>();
  for (const [worker, list] of [...byWorker.entries()].sort((a, b) => a[1][0]!.at - b[1][0]!.at)) {
    const slot = parallelIndex.get(worker) ?? 0;
    slots.set(slot, [...(slots.get(slot) ?? []), [worker, list]]);
  }

  const result: ReplayResult = { ms: 0, requests: 0, control: 0, sameStatus: 0, differing: [], outcomes: {}, waits: 0, waitedMs: 0, substitutions: 0, lanes: slots.size, workers: byWorker.size, mockStartMs: 0 };
  const count = (k: string) => (result.outcomes[k] = (result.outcomes[k] ?? 0) + 1);

  const replayWorker = async (worker: number, exchanges: CapturedExchange[]): Promise<void> => {
    const provider = exchanges[0]!.provider;
    const def = defs.get(provider)!;
    const sandboxUrl = def.spec.server('sandbox')?.url;
    const productionUrl = def.spec.server('production')?.url;
    const environments: MockEnvironment[] = sandboxUrl && productionUrl && sandboxUrl !== productionUrl ? ['sandbox', 'production'] : ['sandbox'];
    const t0 = now();
    const mocks = new Map<string, RunningMock<unknown>>();
    for (const environment of environments) {
      // As tests/conformance/fixtures.ts starts them (seed, credentials from MOCK_* variables), without validation or log.
      const { credentials } = mockOptionsFromEnv(provider, environment);
      mocks.set(environment, (await startMock(def as never, { environment, port: 0, host: '127.0.0.1', credentials })) as RunningMock<unknown>);
    }
    result.mockStartMs += now() - t0;
    const subs = new Substitutions();
    for (const e of exchanges) {
      const fresh = mocks.get(e.environment);
      const host = typeof e.headers.host === 'string' ? e.headers.host : undefined;
      if (fresh && host) subs.set(host, new URL(fresh.baseUrl).host);
    }
    const starts = testStarts.get(worker) ?? [];
    let test = -1;
    try {
      for (const [i, e] of exchanges.entries()) {
        const mock = mocks.get(e.environment);
        if (!mock) throw new Error(`the run had a ${provider} ${e.environment} instance the fixture does not start.`);
        let current = test;
        while (current + 1 < starts.length && starts[current + 1]! <= e.at) current++;
        if (current !== test) {
          test = current;
          for (const m of mocks.values()) {
            m.clock.reset();
            m.enableFaults(envFaults());
          }
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.headers)) if (v !== undefined && !DROPPED_HEADERS.has(k)) headers[k] = subs.apply(Array.isArray(v) ? v.join(', ') : v);
        // A Buffer, so that fetch adds no content-type of its own; text bodies get the substitutions.
        const text = e.body.toString('utf8');
        const body = e.body.length === 0 || /^(GET|HEAD)$/i.test(e.method) ? undefined : Buffer.from(text, 'utf8').equals(e.body) ? Buffer.from(subs.apply(text), 'utf8') : e.body;
        result.requests++;
        if (e.url.startsWith('/__control')) result.control++;
        try {
          const res = await fetch(new URL(mock.baseUrl).origin + subs.apply(e.url), { method: e.method, headers, body, redirect: 'manual' });
          const answer = await res.text();
          count(`${Math.floor(res.status / 100)}xx`);
          if (res.status === e.status) result.sameStatus++;
          else if (result.differing.length < 5) result.differing.push(`${e.method} ${e.url.split('?')[0]}: recorded ${e.status}, replay ${res.status}`);
          subs.learn(e.responseBody, answer);
          const pause = (exchanges[i + 1]?.at ?? 0) - e.at;
          const retryAfter = Number(res.headers.get('retry-after'));
          if (res.status === 429 && e.status === 429 && pause >= MIN_RETRY_PAUSE_MS && retryAfter > 0) {
            // The run's client honoured Retry-After before its next request; so does the replay (its own answer's).
            const waited = now();
            await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
            result.waits++;
            result.waitedMs += now() - waited;
          }
        } catch {
          count('error');
          if (result.differing.length < 5) result.differing.push(`${e.method} ${e.url.split('?')[0]}: recorded ${e.status}, replay failed`);
        }
      }
    } finally {
      result.substitutions += subs.learnt;
      await Promise.all([...mocks.values()].map((m) => m.close()));
    }
  };

  const start = now();
  await Promise.all(
    [...slots.values()].map(async (lane) => {
      for (const [worker, exchanges] of lane) await replayWorker(worker, exchanges);
    }),
  );
  result.ms = now() - start;
  return result;
}
