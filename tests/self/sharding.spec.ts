/**
 * Sharding: `conformance run --shard i/n` on each "machine", then `conformance merge` of their blob reports, gives
 * the same conformance report as one run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { cleanEnv, runCli } from './processes';

/** What must not differ between one run and merged shards (times and paths aside). */
function essence(r: ConformanceReport) {
  return {
    verdict: r.verdict,
    summary: r.summary,
    ids: r.ids.map((i) => `${i.provider} ${i.id} ${i.status} ${JSON.stringify(i.counts)}`).sort(),
    tests: r.tests.map((t) => `${t.provider} ${t.fullTitle} ${t.status}`).sort(),
    coverage: r.coverage,
    failures: r.failures.length,
  };
}

test('two shards merged with `conformance merge` give the same conformance report as one run', async () => {
  test.setTimeout(420_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharding-'));
  const run = (name: string, args: string[]) => runCli(args, cleanEnv({ CONFORMANCE_REPORT_DIR: path.join(dir, name), CONFORMANCE_OUTPUT_DIR: path.join(dir, `${name}-out`) }));
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name, 'results.json'), 'utf8')) as ConformanceReport;
  try {
    const whole = await run('whole', ['run', '--provider', 'synheart']);
    expect(whole.code, whole.stderr.slice(-2000)).toBe(0);

    // Two machines: each its own report folder; their blob folders are then gathered side by side.
    for (const i of [1, 2]) {
      const shard = await run(`shard-${i}`, ['run', '--provider', 'synheart', '--shard', `${i}/2`]);
      expect(shard.code, shard.stderr.slice(-2000)).toBe(0);
      expect(read(`shard-${i}`).ids.find((x) => x.id === 'GEN-COVERAGE')?.status, 'one shard cannot judge coverage').toBe('skipped');
      fs.cpSync(path.join(dir, `shard-${i}`, 'blob'), path.join(dir, 'artifacts', `shard-${i}`), { recursive: true });
    }
    const merged = await run('merged', ['merge', path.join(dir, 'artifacts')]);
    expect(merged.code, merged.stderr.slice(-2000)).toBe(0);
    expect(merged.stdout).toContain('Merged 2 blob reports.');

    const one = read('whole');
    const joined = read('merged');
    expect(essence(joined)).toEqual(essence(one));
    expect(joined.ids.find((x) => x.id === 'GEN-COVERAGE')?.status).toBe('passed');
    expect(joined.run.finished).toBe(one.run.finished);
    for (const file of ['index.html', 'junit.xml', 'playwright/index.html']) expect(fs.existsSync(path.join(dir, 'merged', file)), file).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('`conformance merge` without blob reports, or with a folder that does not exist, is exit 2 with the reason', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sharding-empty-'));
  try {
    const none = await runCli(['merge', empty], cleanEnv());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No blob report (report-*.zip)');
    const missing = await runCli(['merge', path.join(empty, 'nope')], cleanEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
    const badShard = await runCli(['run', '--shard', '3/2'], cleanEnv());
    expect(badShard.code).toBe(2);
    expect(badShard.stderr).toContain('--shard takes i/n');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
