/**
 * Section 4: how load, compile and test collection grow with the size of a spec. Synthetic specs (bench/synthetic-spec.ts)
 * of 200 and 2,000 operations are written to a temp folder; load and compile are measured in-process
 * (bench/spec-load.ts), collection with `npx playwright test --list` on a config whose only test file calls the
 * suite's own defineGeneratedChecks (tests/conformance/generated.ts) for the synthetic spec. Collection needs no
 * adapter (fixtures only run with tests). defineGeneratedChecks takes a provider name and reads
 * specs/<provider>.openapi.yaml, so the synthetic spec is named by its path relative to specs/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT, SPECS_DIR } from '../src/openapi';
import { measureSpec, type SpecTimings } from './spec-load';
import { syntheticSpec } from './synthetic-spec';
import { runNpx, tail, tempDir } from './util';
import { toYaml } from './yaml';

export interface ScalingRow extends SpecTimings {
  size: number;
  specBytes: number;
  /** Warm (second) --list; collectColdMs is the first. */
  collectMs: number;
  collectColdMs: number;
  /** Collection minus an empty collection (the same --list on a config with one empty test). */
  collectNetMs: number;
  /** Time inside defineGeneratedChecks (sync spec parse + test registration), measured by the test file during --list. */
  defineMs: number;
  testsCollected: number;
}

/**
 * Wall time of `playwright test --list` on a config in `dir` whose test file is `body`, and the listed test count.
 * Run twice, the second counted: the first fills Playwright's transform cache (the project's TypeScript).
 */
async function listTests(dir: string, body: string): Promise<{ ms: number; tests: number; coldMs: number }> {
  fs.writeFileSync(path.join(dir, 'playwright.config.js'), `module.exports = { testDir: __dirname, testMatch: ['collect.spec.ts'], reporter: 'list' };\n`);
  fs.writeFileSync(path.join(dir, 'collect.spec.ts'), body);
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const run = await runNpx(['playwright', 'test', '-c', path.join(dir, 'playwright.config.js'), '--list']);
    const total = /Total: (\d+) tests?/.exec(run.stdout);
    if (run.code !== 0 || !total) throw new Error(`playwright --list exited ${run.code}: ${tail(run.stderr || run.stdout)}`);
    runs.push({ ms: run.ms, tests: Number(total[1]) });
  }
  return { ...runs[1]!, coldMs: runs[0]!.ms };
}

export async function emptyCollection(): Promise<number> {
  const dir = tempDir('collect-empty');
  const pw = JSON.stringify(require.resolve('@playwright/test', { paths: [PROJECT_ROOT] }));
  return (await listTests(dir, `import { test } from ${pw};\ntest('does nothing', () => {});\n`)).ms;
}

export async function scalingRow(size: number, emptyCollectMs: number): Promise<ScalingRow> {
  const dir = tempDir(`scale-${size}`);
  const file = path.join(dir, `synthetic-${size}.openapi.yaml`);
  const text = toYaml(syntheticSpec(size));
  fs.writeFileSync(file, text);
  const timings = await measureSpec(`synthetic-${size}`, file, size >= 1000 ? 1 : 3);
  if (timings.lintProblems > 0) throw new Error(`the synthetic spec of ${size} operations has ${timings.lintProblems} lint problems`);
  const provider = path.relative(SPECS_DIR, file.replace(/\.openapi\.yaml$/, '')).split(path.sep).join('/');
  const generated = JSON.stringify(path.join(PROJECT_ROOT, 'tests', 'conformance', 'generated.ts'));
  const defineLog = path.join(dir, 'define-ms.txt');
  const body = [
    `import * as fs from 'node:fs';`,
    `import { defineGeneratedChecks } from ${generated};`,
    `const start = performance.now();`,
    `defineGeneratedChecks(${JSON.stringify(provider)} as never);`,
    `fs.appendFileSync(${JSON.stringify(defineLog)}, String(performance.now() - start) + '\\n');`,
    '',
  ].join('\n');
  const collect = await listTests(dir, body);
  const defineMs = Number(fs.readFileSync(defineLog, 'utf8').trim().split('\n').pop());
  return { ...timings, size, specBytes: Buffer.byteLength(text), collectMs: collect.ms, collectColdMs: collect.coldMs, collectNetMs: Math.max(0, collect.ms - emptyCollectMs), defineMs, testsCollected: collect.tests };
}
