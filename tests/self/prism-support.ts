/**
 * Stoplight Prism as an independent referee: `prism proxy <spec> <upstream>` forwards every request to a mock
 * and validates both sides of the exchange against the spec with its own validator (not our Ajv setup).
 *
 * Observed with prism-cli 5.14.2 (quick experiment against the Sahha mock):
 * - Prism serves the spec's paths WITHOUT the server's base path (/oauth/account/token, not
 *   /api/v1/oauth/account/token, which is a NO_PATH_MATCHED 404) and appends the request path to the upstream
 *   URL, keeping the upstream's own path. So the upstream is the mock's baseUrl (with its path) and the suite's
 *   base URL is Prism's bare origin.
 * - Without `--errors`, a violation does not change the answer: Prism logs one
 *   `[VALIDATOR] ... Violation: <request|response>.<location> <message>` line per violation after the
 *   `[PROXY] > Forwarding "<method>" request to <url>...` line of its exchange, and adds an `sl-violations`
 *   header to the answer. The log is the evidence used here: it records every exchange, whereas the header
 *   only reaches the suite's HTTP client, which keeps no record a self-test could read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../src/openapi';
import type { RunTestResult } from './harness';
import { freePort } from './processes';

export interface PrismViolation {
  side: 'request' | 'response';
  /** Where in the exchange, as Prism names it: "body.accountToken", "header.content-type", "body". */
  location: string;
  message: string;
  /** The upstream exchange the violation was logged after: `POST http://127.0.0.1:1234/api/v1/...`. */
  exchange: string;
}

export interface PrismLog {
  violations: PrismViolation[];
  /** Requests Prism answered itself instead of forwarding (route not found, ...): the whole log line. */
  terminated: string[];
  /** How many requests Prism forwarded to the upstream. */
  forwarded: number;
}

export interface RunningPrism {
  /** Prism's origin; requests go here without the spec server's base path. */
  url: string;
  /** Everything Prism wrote so far (stdout and stderr), ANSI colours removed. */
  output(): string;
  stop(): Promise<void>;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const FORWARDING = /> Forwarding "(\w+)" request to (\S+?)(?:\.\.\.)?\s*$/;
const VIOLATION = /\[VALIDATOR\].*?Violation: (request|response)\.?(\S*) (.*)$/;
const TERMINATED = /Request terminated with error/;

/**
 * Prism's HTTP server parses a JSON request body before routing and answers a body that is not JSON itself
 * (400 `{"error":{"code":"invalid_json",...}}`), without forwarding it and without a log line, `--errors` or not.
 * GEN-NEGATIVE's not-JSON probe therefore never reaches the mock through Prism and fails on Prism's answer.
 * True when every failure a test reports is that probe's (each failure block is `<check> <title>` followed by
 * the probe's description, see tests/conformance/generated.ts).
 */
export function failsOnlyOnNotJsonProbes(t: RunTestResult): boolean {
  if (t.id !== 'GEN-NEGATIVE') return false;
  const probes = [...t.error.matchAll(/^(?:Error: )?GEN-[A-Z]+ [^\n]*\n([^\n]*)/gm)].map((m) => m[1]);
  return probes.length > 0 && probes.every((description) => description.startsWith('the body is not JSON'));
}

/** Reads Prism's text log: violations attributed to the exchange logged just before them (one worker keeps that order). */
export function parsePrismLog(text: string): PrismLog {
  const log: PrismLog = { violations: [], terminated: [], forwarded: 0 };
  let exchange = '(before any forwarded request)';
  for (const line of text.replace(ANSI, '').split('\n')) {
    const fwd = FORWARDING.exec(line);
    if (fwd) {
      exchange = `${fwd[1].toUpperCase()} ${fwd[2]}`;
      log.forwarded++;
      continue;
    }
    const v = VIOLATION.exec(line);
    if (v) log.violations.push({ side: v[1] as PrismViolation['side'], location: v[2], message: v[3].trim(), exchange });
    else if (TERMINATED.test(line)) log.terminated.push(line.trim());
  }
  return log;
}

async function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/Prism is listening on/.test(output())) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode} before listening:\n${output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`Prism did not start listening within ${timeoutMs} ms:\n${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `prism proxy` in front of upstream. The package's own bin is spawned directly (what `npx prism`
 * resolves to) so that the child is Prism itself and killing it leaves no npm wrapper behind.
 * `--errors` is deliberately off: see the spec file.
 */
export async function startPrismProxy(specFile: string, upstream: string): Promise<RunningPrism> {
  const port = await freePort();
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prism');
  const child = spawn(bin, ['proxy', specFile, upstream, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const output = () => text.replace(ANSI, '');
  try {
    await waitForListening(child, output, 60_000);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, output, stop: () => stopChild(child) };
}
