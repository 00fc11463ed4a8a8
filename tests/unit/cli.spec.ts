/**
 * The `conformance` command's exit codes for runs that cannot start: 2, fast, with a sentence that says why; `init`,
 * `--spec` and the closing lines of a run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT, readYamlFile } from '../../src/openapi';
import { validateBaseline } from '../../reporters/baseline';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

function cli(args: string[], env: Record<string, string> = {}, cwd = PROJECT_ROOT) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(SAHHA|SONAR|SYNHEART|CONFORMANCE)_/.test(k)) delete base[k];
  const started = Date.now();
  const res = spawnSync(TSX, [path.join(PROJECT_ROOT, 'cli/main.ts'), ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { ...res, ms: Date.now() - started };
}

test('an unreachable target ends the run with exit 2 within 10 s and names the host and the variable', () => {
  const res = cli(['run', '--provider', 'sonar', '--target', 'sandbox'], { SONAR_API_KEY: 'sk_sandbox_mock_0001', SONAR_BASE_URL: 'http://127.0.0.1:9/v1' });
  expect(res.status).toBe(2);
  expect(res.stderr).toMatch(/TARGET_UNREACHABLE.*127\.0\.0\.1:9.*SONAR_BASE_URL/);
  expect(res.ms).toBeLessThan(10_000);
});

test('missing credentials end the run with exit 2, naming the variable', () => {
  const res = cli(['run', '--provider', 'sonar', '--target', 'sandbox']);
  expect(res.status).toBe(2);
  expect(res.stdout + res.stderr).toContain('missing SONAR_API_KEY');
});

test('bad arguments exit 2 with the usage; --help exits 0', () => {
  const bad = cli(['run', '--target', 'staging']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('Unknown target "staging"');
  const unknownFlag = cli(['run', '--no-such-flag']);
  expect(unknownFlag.status).toBe(2);
  expect(unknownFlag.stderr).toContain('Usage: conformance run');
  const help = cli(['run', '--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Exit codes: 0 conform, 1 contract failures, 2 could not run, 130 interrupted.');
});

test('a malformed baseline file is exit 2 before anything runs', () => {
  const res = cli(['run', '--baseline', path.join(PROJECT_ROOT, 'package.json')]);
  expect(res.status).toBe(2);
  expect(res.stderr).toMatch(/baseline .*package\.json/);
});

/** A temp folder for the files of one test, removed afterwards. */
function withTempDir<T>(run: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-input-'));
  try {
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a baseline entry without an expiry is exit 2 naming the file, the entry and the missing field', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'drift.json');
    fs.writeFileSync(file, JSON.stringify({ entries: [{ id: 'SON-TOK-4', provider: 'sonar', reason: 'ticket 123' }] }));
    const res = cli(['run', '--provider', 'sonar', '--baseline', file]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(`error [CONFIG_INVALID]: The known-drift baseline ${file} is malformed: entry 0 (SON-TOK-4): expires must be a non-empty string.`);
  });
});

test('a malformed spec (CONFORMANCE_SPEC_<PROVIDER>) is exit 2 before any test, naming the file and the line', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'sonar.openapi.yaml');
    fs.writeFileSync(file, ['openapi: 3.1.0', 'info:', '  title: Broken draft', '  version: 1.0.0', '  contact: a: b', 'paths: {}', ''].join('\n'));
    const res = cli(['run', '--provider', 'sonar'], { CONFORMANCE_SPEC_SONAR: file });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('error [SPEC_INVALID]');
    expect(res.stderr).toMatch(/sonar\.openapi\.yaml:5:\d+ error \[yaml-syntax\]/);
    expect(res.stdout).not.toContain('Running');
  });
});

test('a malformed --env-file is exit 2 naming the file and the line', () => {
  withTempDir((dir) => {
    const file = path.join(dir, 'broken.env');
    fs.writeFileSync(file, ['# credentials', 'SONAR_API_KEY=sk_sandbox_test_0001', '', 'SONAR_BASE_URL http://127.0.0.1:9/v1', ''].join('\n'));
    const res = cli(['run', '--provider', 'sonar', '--target', 'sandbox', '--env-file', file]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(`error [CONFIG_INVALID]: ${file}:4 is not a KEY=value line.`);
  });
});

test('the package bin runs every command; each command has --help with its usage, exit 0', () => {
  const bin = path.join(PROJECT_ROOT, 'bin', 'conformance.cjs');
  const commands = ['run', 'verify', 'merge', 'lint', 'mock', 'init'];
  for (const command of commands) {
    const res = spawnSync(process.execPath, [bin, command, '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(res.status, `${command} --help`).toBe(0);
    expect(res.stdout).toContain(`Usage: conformance ${command}`);
  }
  const top = spawnSync(process.execPath, [bin, '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(top.status).toBe(0);
  const listed = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
  expect(listed).toEqual(commands);
});

/** Variable names a dotenv example sets or shows commented out (`NAME=` or `# NAME=`). */
function variablesOf(text: string): string[] {
  return [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

test('init writes a commented .env.example, an empty known-drift baseline and the CI workflow into the current folder', () => {
  withTempDir((dir) => {
    const res = cli(['init'], {}, dir);
    expect(res.status, res.stderr).toBe(0);
    for (const file of ['.env.example', 'known-drift.json', '.github/workflows/conformance.yml']) expect(res.stdout).toContain(`Wrote ${file}:`);

    const env = fs.readFileSync(path.join(dir, '.env.example'), 'utf8');
    const projectEnv = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(variablesOf(env)).toEqual(variablesOf(projectEnv));
    expect(variablesOf(env).length).toBeGreaterThan(20);
    expect(env).not.toContain('npm run ');
    expect(env).toContain('`npx conformance run`');
    // Placeholders only: no value after any credential variable.
    for (const m of env.matchAll(/^([A-Z][A-Z0-9_]*(?:KEY|SECRET|ID))=(.*)$/gm)) expect(m[2], m[1]).toBe('');

    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'known-drift.json'), 'utf8')) as unknown;
    expect(validateBaseline('known-drift.json', baseline).entries).toEqual([]);

    const workflow = readYamlFile(path.join(dir, '.github', 'workflows', 'conformance.yml')) as { jobs: Record<string, unknown> };
    const example = readYamlFile(path.join(PROJECT_ROOT, 'examples', 'github-actions', 'conformance.yml')) as { jobs: Record<string, unknown> };
    expect(workflow.jobs).toEqual(example.jobs);
  });
});

test('init keeps every existing file and lists it as skipped; --force overwrites', () => {
  withTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'known-drift.json'), '{"entries": [{"id": "SON-TOK-4", "provider": "sonar", "reason": "ours", "expires": "2099-01-01"}]}\n');
    const first = cli(['init'], {}, dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Skipped known-drift.json: it exists and was kept (--force overwrites it).');
    expect(first.stdout).toContain('Wrote .env.example:');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'known-drift.json'), 'utf8')).entries).toHaveLength(1);

    const again = cli(['init'], {}, dir);
    expect(again.status).toBe(0);
    expect([...again.stdout.matchAll(/^Skipped (\S+):/gm)].map((m) => m[1])).toEqual(['.env.example', 'known-drift.json', '.github/workflows/conformance.yml']);
    expect(again.stdout).not.toMatch(/^Wrote /m);

    const forced = cli(['init', '--force'], {}, dir);
    expect(forced.status).toBe(0);
    expect([...forced.stdout.matchAll(/^Wrote (\S+):/gm)].map((m) => m[1])).toEqual(['.env.example', 'known-drift.json', '.github/workflows/conformance.yml']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'known-drift.json'), 'utf8')).entries).toEqual([]);
  });
});

test('--spec provider=path runs a team\'s own copy of a spec: a malformed copy is exit 2 naming its file and line; a missing one or a bad form is exit 2 with the fix', () => {
  withTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'our-sonar.yaml'), ['openapi: 3.1.0', 'info:', '  title: Our copy', '  version: 1.0.0', '  contact: a: b', 'paths: {}', ''].join('\n'));
    const broken = cli(['run', '--provider', 'sonar', '--spec', 'sonar=our-sonar.yaml'], {}, dir);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('error [SPEC_INVALID]');
    expect(broken.stderr).toMatch(/our-sonar\.yaml:5:\d+ error \[yaml-syntax\]/);

    const lint = cli(['lint', '--provider', 'sonar', '--spec=sonar=our-sonar.yaml'], {}, dir);
    expect(lint.status).toBe(2);
    expect(lint.stdout).toMatch(/our-sonar\.yaml:5:\d+ error \[yaml-syntax\]/);

    const missing = cli(['run', '--provider', 'sonar', '--spec', 'sonar=nowhere.yaml'], {}, dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('error [BAD_ARGUMENTS]: The spec file nowhere.yaml (--spec sonar=nowhere.yaml) does not exist');

    const fromEnv = cli(['lint', '--provider', 'sonar'], { CONFORMANCE_SPEC_SONAR: 'nowhere.yaml' }, dir);
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr).toContain('CONFORMANCE_SPEC_SONAR names nowhere.yaml, which does not exist');

    const form = cli(['run', '--spec', 'our-sonar.yaml'], {}, dir);
    expect(form.status).toBe(2);
    expect(form.stderr).toContain('--spec takes provider=path');
    const unknown = cli(['run', '--spec', 'fitbit=our-sonar.yaml'], {}, dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown provider "fitbit"');
  });
});

test('a run that ends before its reporter writes says that no report was written, names no report file, and exits 2', () => {
  withTempDir((dir) => {
    // An earlier run's report in the folder is not this run's: neither named nor taken for its verdict.
    const earlier = path.join(dir, 'reports', 'conformance', 'results.json');
    fs.mkdirSync(path.dirname(earlier), { recursive: true });
    fs.writeFileSync(earlier, JSON.stringify({ verdict: 'conform' }));
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(earlier, hourAgo, hourAgo);
    // Playwright refuses the worker count while loading the config, before any reporter exists.
    const res = cli(['run', '--provider', 'synheart', '--workers', 'several'], {}, dir);
    expect(res.status).toBe(2);
    expect(res.stdout).not.toContain('Also written');
    expect(res.stdout).toContain(`No report was written to ${path.join('reports', 'conformance')}`);
    expect(Math.abs(fs.statSync(earlier).mtimeMs - hourAgo.getTime()), "the earlier report is left as it was").toBeLessThan(5);
  });
});
