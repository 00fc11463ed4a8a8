/**
 * Section 8: a realistic sandbox round trip. `conformance mock` behind a local proxy that holds every request
 * 300 ms before forwarding it; the sandbox target runs each provider through it, beside the same run without the
 * delay (section 7's conforming run). Shows how much of a run is waiting for answers one at a time.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { PROVIDERS } from '../src/openapi';
import { baseUrlVariable } from '../src/targets';
import { cleanEnv, runCli, startMockProcess } from '../tests/self/processes';
import { now, tempDir } from './util';

export const ADDED_LATENCY_MS = 300;

/** A proxy to `upstream` (an origin) that forwards each request after `delayMs`. */
async function delayingProxy(upstream: string, delayMs: number): Promise<{ origin: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface LatencyRun {
  provider: string;
  ms: number;
  exitCode: number | null;
}

export async function latencyRuns(delayMs = ADDED_LATENCY_MS): Promise<LatencyRun[]> {
  const out: LatencyRun[] = [];
  for (const provider of PROVIDERS) {
    const mock = await startMockProcess();
    const variable = baseUrlVariable(provider);
    const upstream = new URL(mock.env[variable]!);
    const proxy = await delayingProxy(upstream.origin, delayMs);
    const dir = tempDir(`latency-${provider}`);
    try {
      const started = now();
      const run = await runCli(['run', '--provider', provider], cleanEnv({ ...mock.env, [variable]: `${proxy.origin}${upstream.pathname}`, CONFORMANCE_TARGET: 'sandbox', CONFORMANCE_REPORT_DIR: path.join(dir, 'report'), CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out') }));
      out.push({ provider, ms: now() - started, exitCode: run.code });
    } finally {
      await proxy.close();
      await mock.stop();
    }
  }
  return out;
}
