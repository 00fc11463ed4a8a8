/** The `conformance` command's exit codes for runs that cannot start: 2, fast, with a sentence that says why. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/openapi';

function cli(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(SAHHA|SONAR|SYNHEART|CONFORMANCE)_/.test(k)) delete base[k];
  const started = Date.now();
  const res = spawnSync('npx', ['tsx', path.join(PROJECT_ROOT, 'cli/main.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
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
  const commands = ['run', 'verify', 'merge', 'lint', 'mock'];
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
