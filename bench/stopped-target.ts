/**
 * Section 6: time to a verdict against a target that stopped answering, on the sandbox target with a 1 s request
 * timeout: one that accepts connections and never answers, and one that answers every request 2.5 s late. Every
 * provider's base URL points at the same local server; the run should end, exit 2, soon after the breaker trips.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { getAdapter } from '../src/adapters';
import { loadSpec, PROVIDERS } from '../src/openapi';
import { baseUrlVariable } from '../src/targets';
import { runNpx, tempDir, type ChildRun } from './util';

export type StoppedKind = 'silent' | 'late';

export interface StoppedRun {
  kind: StoppedKind;
  run: ChildRun;
  /** Requests the server received, per provider (by the base path they went to). */
  requests: Record<string, number>;
  verdict?: string;
}

/** Fake values for every required credential variable (a Sonar key must carry its sandbox prefix). */
function fakeCredentials(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const provider of PROVIDERS) {
    for (const name of getAdapter(provider).credentials.required) out[name] = provider === 'sonar' && /API_KEY$/.test(name) ? 'sk_sandbox_bench_fake_0001' : `bench-fake-${name.toLowerCase()}`;
  }
  return out;
}

export async function stoppedTargetRun(kind: StoppedKind, timeoutMs = 1_000, lateMs = 2_500): Promise<StoppedRun> {
  const specs = await Promise.all(PROVIDERS.map((p) => loadSpec(p)));
  const prefixes = specs.map((s) => ({ provider: s.provider, path: `/bench-${s.provider}${new URL(s.server('sandbox')!.url).pathname.replace(/\/+$/, '')}` }));
  const requests: Record<string, number> = Object.fromEntries(PROVIDERS.map((p) => [p, 0]));
  const open: http.ServerResponse[] = [];
  const timers: NodeJS.Timeout[] = [];
  const server = http.createServer((req, res) => {
    const p = prefixes.find((x) => req.url?.startsWith(x.path));
    if (p) requests[p.provider]!++;
    if (kind === 'silent') open.push(res);
    else timers.push(setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), lateMs));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const dir = tempDir(`stopped-${kind}`);
  try {
    const env: NodeJS.ProcessEnv = {
      ...fakeCredentials(),
      ...Object.fromEntries(prefixes.map((p) => [baseUrlVariable(p.provider), `http://127.0.0.1:${port}${p.path}`])),
      CONFORMANCE_TIMEOUT_MS: String(timeoutMs),
      CONFORMANCE_REPORT_DIR: `${dir}/report`,
      CONFORMANCE_OUTPUT_DIR: `${dir}/out`,
    };
    const run = await runNpx(['tsx', 'cli/main.ts', 'run', '--target', 'sandbox'], env, 600_000);
    let verdict: string | undefined;
    try {
      verdict = (JSON.parse(fs.readFileSync(`${dir}/report/results.json`, 'utf8')) as { verdict?: string }).verdict;
    } catch {
      verdict = undefined;
    }
    return { kind, run, requests, verdict };
  } finally {
    for (const res of open) res.destroy();
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
