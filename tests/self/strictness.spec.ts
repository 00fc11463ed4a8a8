/**
 * GEN-UNDECLARED as the catalog says: on the sandbox target a field the spec does not declare is additive drift (a
 * warning the report counts and lists per field and operation, exit 0); `--strict` makes it a failure (exit 1). The
 * mock target is always strict (the fault sweep shows generic.undeclared-field caught there).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { cleanEnv, runCli, startMockProcess } from './processes';

test('on the sandbox target an undeclared field is additive drift (exit 0, listed per field and operation); --strict makes it a failure (exit 1)', async () => {
  test.setTimeout(300_000);
  const mock = await startMockProcess();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strictness-'));
  try {
    const origin = new URL(mock.env.SONAR_BASE_URL!).origin;
    const enabled = await fetch(`${origin}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enable: ['generic.undeclared-field'] }) });
    expect(enabled.status).toBe(200);
    const runWith = async (name: string, extra: string[]) => {
      const env = cleanEnv({ ...mock.env, CONFORMANCE_TARGET: 'sandbox', CONFORMANCE_REPORT_DIR: path.join(dir, name), CONFORMANCE_OUTPUT_DIR: path.join(dir, `${name}-out`) });
      const run = await runCli(['run', '--provider', 'sonar', '--grep', 'GEN-UNDECLARED (listUsers|getUser) ', ...extra], env);
      return { ...run, report: JSON.parse(fs.readFileSync(path.join(dir, name, 'results.json'), 'utf8')) as ConformanceReport };
    };

    const lenient = await runWith('lenient', []);
    expect(lenient.code, lenient.stderr.slice(-2000)).toBe(0);
    expect(lenient.report.verdict).toBe('conform');
    expect(lenient.report.additiveDrift.map((d) => [d.operationId, d.field])).toEqual([
      ['getUser', 'body.x_undeclared'],
      ['listUsers', 'body.x_undeclared'],
    ]);
    expect(lenient.report.verdictReasons.join(' ')).toContain('Additive drift: 2 fields the specs do not declare, on 2 operations');
    expect(lenient.report.tests.filter((t) => t.id === 'GEN-UNDECLARED').every((t) => t.status === 'passed' && t.warnings.length > 0)).toBe(true);

    const strict = await runWith('strict', ['--strict']);
    expect(strict.code, strict.stderr.slice(-2000)).toBe(1);
    expect(strict.report.verdict).toBe('drift');
    expect(strict.report.failures.map((f) => f.id)).toEqual(['GEN-UNDECLARED', 'GEN-UNDECLARED']);
    expect(strict.report.additiveDrift).toEqual([]);
  } finally {
    await mock.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
