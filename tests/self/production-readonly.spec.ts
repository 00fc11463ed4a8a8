/**
 * The production target never sends a mutating request, end to end: the whole suite runs with
 * CONFORMANCE_TARGET=production against the built-in mocks (base-URL overrides, the mocks' production
 * credentials), the mocks record every request they answer (their exchange log), and each recorded request is
 * mapped back to its operation through the spec's operation index. None may be an operation whose
 * x-conformance says it mutates or is not for production, none may reach the control surface, and reads must
 * have been recorded (or the test proves nothing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadSpec, matchPathTemplate, PROVIDERS, type OperationInfo, type Spec } from '../../src/openapi';
import { CONTROL_PREFIX } from '../../mocks/kernel';
import { readExchangeLog } from '../../mocks/kernel/exchange-log';
import { startAllMocks } from '../../mocks/launch';
import { MOCK_EXCHANGE_LOG_VARIABLE } from '../../mocks/registry';
import { productionEnv, runConformance } from './harness';

/** The operation a request reached: among the templates that match, the one with the fewest parameters. */
function operationOf(spec: Spec, method: string, relativePath: string): OperationInfo | undefined {
  const candidates = [...spec.operations.values()].filter((op) => op.method.toUpperCase() === method && matchPathTemplate(op.path, relativePath) !== null);
  return candidates.sort((a, b) => Object.keys(matchPathTemplate(a.path, relativePath)!).length - Object.keys(matchPathTemplate(b.path, relativePath)!).length)[0];
}

test('on the production target the suite sends only read-only operations, never a mutating one, and never touches the control surface', async () => {
  test.setTimeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'production-readonly-'));
  const exchangeLog = path.join(dir, 'exchanges.jsonl');
  const mocks = await startAllMocks({ ports: { sahha: { sandbox: 0, production: 0 }, sonar: { sandbox: 0 }, synheart: { sandbox: 0 } }, env: { [MOCK_EXCHANGE_LOG_VARIABLE]: exchangeLog } });
  try {
    const run = await runConformance({ env: { ...productionEnv(mocks), CONFORMANCE_TARGET: 'production', CONFORMANCE_OUTPUT_DIR: path.join(dir, 'test-results') } });
    expect(run.tests.filter((t) => t.status === 'passed').length, run.stderr.slice(-2000)).toBeGreaterThan(0);

    const specs = new Map((await Promise.all(PROVIDERS.map((p) => loadSpec(p)))).map((s) => [s.provider, s]));
    const recorded = readExchangeLog(exchangeLog);
    const control = recorded.filter((e) => e.url.startsWith(CONTROL_PREFIX));
    expect(control.map((e) => `${e.provider} ${e.method} ${e.url}`), 'the production target has no control surface to call').toEqual([]);

    const reads: string[] = [];
    const refused: string[] = [];
    for (const e of recorded) {
      const mock = mocks.find((m) => m.provider === e.provider && m.environment === e.environment)!;
      const basePath = new URL(mock.baseUrl).pathname.replace(/\/+$/, '');
      const relative = e.url.split('?')[0]!.slice(basePath.length) || '/';
      const op = operationOf(specs.get(e.provider)!, e.method, relative);
      const what = `${e.provider} ${e.method} ${e.url.split('?')[0]} (${op?.operationId ?? 'no operation'})`;
      // A request to no documented operation (a negative probe) is harmless only when it cannot write.
      if (!op) (['GET', 'HEAD', 'OPTIONS'].includes(e.method) ? reads : refused).push(what);
      else if (op.conformance.mutates || !op.conformance.production) refused.push(`${what}: x-conformance mutates=${op.conformance.mutates} production=${op.conformance.production}`);
      else reads.push(what);
    }
    expect(refused, 'requests the production target must never send').toEqual([]);
    for (const provider of PROVIDERS) {
      expect(reads.filter((r) => r.startsWith(`${provider} `)).length, `read-only requests of ${provider} were recorded`).toBeGreaterThan(5);
    }
    console.log(`production target: ${recorded.length} requests recorded, ${reads.length} read-only, 0 mutating`);
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
