/**
 * The package as a user gets it: `npm pack` of this project (its prepack builds dist/), installed from the tarball
 * into a fresh project outside the repository (os.tmpdir()), then the commands a team runs there with `npx`. The
 * install is offline: the new project's lockfile is derived from this project's, so `npm ci --offline` takes every
 * dependency from the npm cache the project's own `npm ci` filled (falling back to the registry only for what the
 * cache lacks, and saying so).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../reporters/model';
import { PROJECT_ROOT, PROVIDERS } from '../../src/openapi';
import type { ProviderVerification } from '../../src/verify';
import { loadMockDefinition } from '../../mocks/registry';
import { cleanEnv, freeMockPorts, stopGroup, waitForFile } from './processes';

type Lock = { packages: Record<string, Record<string, unknown> & { dev?: boolean; devOptional?: boolean }> };
type PackageJson = { name: string; version: string; license?: string; private?: boolean; dependencies: Record<string, string>; bin: Record<string, string>; engines?: Record<string, string>; exports?: Record<string, unknown> };

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;

let tmp: string;
/** The user's project: a package.json, the installed tarball, nothing of this repository. */
let project: string;
let packedFiles: string[];
let installedWith: string;

/** The environment of a user's shell: none of this run's npm script variables, credentials or suite settings. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv(extra);
  for (const k of Object.keys(env)) if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) delete env[k];
  return env;
}

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv(), timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}

/** `npx conformance ...` in the user's project (without a TTY npx runs only the installed bin and never asks to download one). */
const conformance = (args: string[], env: NodeJS.ProcessEnv = userEnv()) => sh('npx', ['conformance', ...args], project, env, 150_000);

/**
 * The user's package-lock.json: the package from the tarball, and its dependencies at the versions, places and
 * integrities this project's lockfile holds for them (the production ones), so `npm ci` needs no registry metadata.
 */
function userLockfile(tarballSpec: string): Lock {
  const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as Lock;
  const packages: Lock['packages'] = {
    '': { name: 'my-health-app', version: '1.0.0', devDependencies: { [pkg.name]: tarballSpec } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: tarballSpec, dev: true, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    const { devOptional: _devOptional, ...rest } = entry;
    packages[key] = { ...rest, dev: true };
  }
  return { name: 'my-health-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages } as Lock;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-package-'));
  expect(path.relative(PROJECT_ROOT, tmp).startsWith('..'), 'the user project is outside the repository').toBe(true);
  const packDir = path.join(tmp, 'pack');
  fs.mkdirSync(packDir);
  const packed = sh('npm', ['pack', '--json', '--pack-destination', packDir], PROJECT_ROOT, userEnv(), 180_000);
  expect(packed.status, `npm pack: ${packed.stderr.slice(-3000)}`).toBe(0);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packedFiles = info[0]!.files.map((f) => f.path);

  project = path.join(tmp, 'my-health-app');
  fs.mkdirSync(project);
  fs.copyFileSync(path.join(packDir, info[0]!.filename), path.join(project, info[0]!.filename));
  const spec = `file:${info[0]!.filename}`;
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'my-health-app', version: '1.0.0', private: true, devDependencies: { [pkg.name]: spec } }, null, 2)}\n`);
  fs.writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(userLockfile(spec), null, 2)}\n`);
  let install = sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  installedWith = 'npm ci --offline';
  if (install.status !== 0) {
    // A cache without some dependency's tarball (a machine whose npm ci never fetched it): the registry fills the gap.
    console.log(`npm ci --offline could not install from the npm cache (${install.stderr.split('\n').find((l) => /ENOTCACHED|error/.test(l)) ?? 'no reason given'}); trying --prefer-offline.`);
    install = sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], project, userEnv(), 180_000);
    installedWith = 'npm ci --prefer-offline';
  }
  expect(install.status, `${installedWith}: ${install.stderr.slice(-3000)}`).toBe(0);
  console.log(`package ${info[0]!.filename}: ${packedFiles.length} files, installed into ${project} with ${installedWith}`);
});

test.afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tarball ships the compiled code, its declarations, the specs, catalog, lint rules, config and templates, and none of the project\'s own tests, fixtures or sources', () => {
  for (const file of [
    'bin/conformance.cjs', 'dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/playwright.config.js', 'dist/reporters/conformance-reporter.js', 'dist/reporters/conformance-reporter.d.ts',
    'dist/tests/conformance/global-setup.js', 'dist/tests/conformance/sonar/tokens.spec.js', 'catalog/CATALOG.md', 'redocly.yaml', 'redocly/conformance-plugin.cjs', '.env.example',
    'examples/github-actions/conformance.yml', 'LICENSE', 'README.md', 'package.json', ...PROVIDERS.map((p) => `specs/${p}.openapi.yaml`),
  ]) expect(packedFiles, file).toContain(file);
  expect(packedFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources').toEqual([]);
  expect(packedFiles.filter((f) => /^(dist\/)?(tests\/(?!conformance\/)|bench\/|scripts\/)/.test(f) || /(^|\/)fixtures\//.test(f)), "no test of the project's own, no fixture").toEqual([]);
  const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', pkg.name, 'package.json'), 'utf8')) as PackageJson;
  expect(installed.private).toBeUndefined();
  expect(installed.license).toBe('MIT');
  expect(installed.engines?.node).toBeTruthy();
});

test('the programmatic API loads from the installed package: exports, a spec read from its specs/, the commands as functions', () => {
  const script = `const c = require('${pkg.name}'); c.loadSpec('sonar').then((s) => console.log(JSON.stringify({ ops: s.operations.size, file: s.file, run: typeof c.run, init: typeof c.init, reporter: require.resolve('${pkg.name}/reporter') })));`;
  const res = sh(process.execPath, ['-e', script], project);
  expect(res.status, res.stderr).toBe(0);
  const out = JSON.parse(res.stdout) as { ops: number; file: string; run: string; init: string; reporter: string };
  expect(out.ops).toBeGreaterThan(10);
  expect(out.file).toBe(path.join(fs.realpathSync(project), 'node_modules', pkg.name, 'specs', 'sonar.openapi.yaml'));
  expect([out.run, out.init]).toEqual(['function', 'function']);
  expect(out.reporter.endsWith(path.join('dist', 'reporters', 'conformance-reporter.js'))).toBe(true);
});

test('npx conformance --help lists every command, exit 0', () => {
  const res = conformance(['--help']);
  expect(res.status, res.stderr).toBe(0);
  expect([...res.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1])).toEqual(['run', 'verify', 'merge', 'lint', 'mock', 'init']);
});

test('npx conformance init writes .env.example, the empty baseline and the workflow; a second run skips each', () => {
  const first = conformance(['init']);
  expect(first.status, first.stderr).toBe(0);
  const files = ['.env.example', 'known-drift.json', '.github/workflows/conformance.yml'];
  expect([...first.stdout.matchAll(/^Wrote (\S+):/gm)].map((m) => m[1])).toEqual(files);
  for (const f of files) expect(fs.existsSync(path.join(project, f)), f).toBe(true);
  expect(JSON.parse(fs.readFileSync(path.join(project, 'known-drift.json'), 'utf8'))).toEqual({ entries: [] });
  const second = conformance(['init']);
  expect(second.status).toBe(0);
  expect([...second.stdout.matchAll(/^Skipped (\S+): it exists/gm)].map((m) => m[1])).toEqual(files);
});

/** The project's reports/conformance/results.json, as the run wrote it. */
const readReport = () => JSON.parse(fs.readFileSync(path.join(project, 'reports', 'conformance', 'results.json'), 'utf8')) as ConformanceReport;

test('the main job from the user\'s project: every provider against the built-in mocks, exit 0, the report in the project\'s reports/', () => {
  test.setTimeout(240_000);
  const res = conformance(['run']);
  expect(res.status, `${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`).toBe(0);
  const report = readReport();
  expect(report.verdict).toBe('conform');
  expect(report.run.target).toBe('mock');
  expect(report.baseline?.file, 'known-drift.json of the project is the default baseline').toBe(path.join(fs.realpathSync(project), 'known-drift.json'));
  for (const provider of PROVIDERS) expect(report.ids.filter((r) => r.provider === provider && r.status === 'passed').length, provider).toBeGreaterThan(10);
  expect(res.stdout).toContain(`Also written: ${path.join('reports', 'conformance', 'results.json')}, ${path.join('reports', 'conformance', 'junit.xml')}`);
  for (const f of ['index.html', 'junit.xml', path.join('playwright', 'index.html')]) expect(fs.existsSync(path.join(project, 'reports', 'conformance', f)), f).toBe(true);
  expect(fs.existsSync(path.join(project, 'node_modules', pkg.name, 'reports')), 'nothing written into the installed package').toBe(false);
});

test('npx conformance verify against `npx conformance mock` started in the project: every provider works, exit 0', async () => {
  test.setTimeout(120_000);
  const envFile = path.join(project, 'mock.env');
  const bin = path.join(project, 'node_modules', '.bin', 'conformance');
  const mock = spawn(bin, ['mock', '--write-env', envFile], { cwd: project, env: userEnv(await freeMockPorts()), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  mock.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  mock.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForFile(envFile, mock, 60_000);
    const vars = dotenv.parse(fs.readFileSync(envFile, 'utf8'));
    expect(vars.SONAR_BASE_URL, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const res = conformance(['verify', '--json', '--env-file', 'mock.env']);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const results = JSON.parse(res.stdout) as ProviderVerification[];
    expect(results.map((r) => [r.provider, r.ok])).toEqual(PROVIDERS.map((p) => [p, true]));
    for (const [name, value] of Object.entries(vars)) if (/KEY|SECRET/.test(name)) expect(res.stdout, `${name} is not shown`).not.toContain(value);
  } finally {
    await stopGroup(mock);
  }
});

test('a run with a fault modifier switched on in the mock exits 1 and its report names the check the fault breaks', async () => {
  test.setTimeout(180_000);
  const fault = 'sonar.missing-auth-accepted';
  const breaks = (await loadMockDefinition('sonar')).faults.find((f) => f.name === fault)!.breaks;
  const res = conformance(['run', '--provider', 'sonar'], userEnv({ CONFORMANCE_FAULTS: fault }));
  expect(res.status, `${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`).toBe(1);
  const report = readReport();
  expect(report.verdict).toBe('drift');
  const failed = report.failures.filter((f) => f.cause === 'contract').map((f) => f.id);
  expect(failed.some((id) => id !== null && breaks.includes(id)), `failed: ${failed.join(', ')}; the fault breaks ${breaks.join(', ')}`).toBe(true);
});

test('--spec provider=path points a command at the team\'s own copy of a spec in the project', () => {
  fs.mkdirSync(path.join(project, 'openapi'), { recursive: true });
  fs.copyFileSync(path.join(project, 'node_modules', pkg.name, 'specs', 'sonar.openapi.yaml'), path.join(project, 'openapi', 'sonar.yaml'));
  const clean = conformance(['lint', '--provider', 'sonar', '--spec', 'sonar=openapi/sonar.yaml']);
  expect(clean.status, clean.stdout + clean.stderr).toBe(0);
  expect(clean.stdout).toContain(`${path.join(fs.realpathSync(project), 'openapi', 'sonar.yaml')}: no problems`);
  // The copy is the one read: a change that breaks it is reported at its file and line.
  const text = fs.readFileSync(path.join(project, 'openapi', 'sonar.yaml'), 'utf8');
  fs.writeFileSync(path.join(project, 'openapi', 'sonar.yaml'), text.replace(/^info:\n/m, 'info:\n  contact: a: b\n'));
  const broken = conformance(['lint', '--provider', 'sonar', '--spec', 'sonar=openapi/sonar.yaml']);
  expect(broken.status).toBe(2);
  expect(broken.stdout).toMatch(/openapi\/sonar\.yaml:\d+:\d+ error \[yaml-syntax\]/);
});
