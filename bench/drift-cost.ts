/**
 * Section 7: what a drift costs. The sandbox target pointed at `conformance mock` (the suite as a user runs it
 * nightly against a real sandbox), once conforming and once with one drift (every error body renamed:
 * generic.error-shape-changed, switched on through the mocks' control surface), per provider: requests the mocks
 * answered (control calls excluded, from their exchange log) and wall time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readExchangeLog } from '../mocks/kernel/exchange-log';
import { PROVIDERS } from '../src/openapi';
import { baseUrlVariable } from '../src/targets';
import { cleanEnv, runCli, startMockProcess } from '../tests/self/processes';
import { now, tempDir } from './util';

export const DRIFT_FAULT = 'generic.error-shape-changed';

export interface CostRun {
  provider: string;
  fault: string | null;
  exitCode: number | null;
  ms: number;
  requests: number;
  /** What the run created and could not delete at its end (cleanup.json), and how much it created. */
  leftBehind: number | null;
  created: number | null;
}

async function costRun(provider: string, fault: string | null): Promise<CostRun> {
  const dir = tempDir(`cost-${provider}`);
  const log = path.join(dir, 'exchanges.jsonl');
  const mock = await startMockProcess({ MOCK_EXCHANGE_LOG: log });
  try {
    if (fault) {
      const origin = new URL(mock.env[baseUrlVariable(provider)]!).origin;
      const res = await fetch(`${origin}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enable: [fault] }) });
      if (!res.ok) throw new Error(`the ${provider} mock refused the fault ${fault}: ${res.status}`);
    }
    const started = now();
    const run = await runCli(['run', '--provider', provider], cleanEnv({ ...mock.env, CONFORMANCE_TARGET: 'sandbox', CONFORMANCE_REPORT_DIR: path.join(dir, 'report'), CONFORMANCE_OUTPUT_DIR: path.join(dir, 'out') }));
    const ms = now() - started;
    const requests = fs.existsSync(log) ? readExchangeLog(log).filter((e) => e.provider === provider && !e.url.includes('/__control')).length : 0;
    const cleanupFile = path.join(dir, 'report', 'cleanup.json');
    const cleanup = fs.existsSync(cleanupFile) ? (JSON.parse(fs.readFileSync(cleanupFile, 'utf8')) as { created: number; leftBehind: unknown[] }) : null;
    return { provider, fault, exitCode: run.code, ms, requests, leftBehind: cleanup ? cleanup.leftBehind.length : null, created: cleanup ? cleanup.created : null };
  } finally {
    await mock.stop();
  }
}

/** A conforming and a drifted run per provider. */
export async function driftCost(): Promise<CostRun[]> {
  const out: CostRun[] = [];
  for (const provider of PROVIDERS) {
    out.push(await costRun(provider, null));
    out.push(await costRun(provider, DRIFT_FAULT));
  }
  return out;
}
