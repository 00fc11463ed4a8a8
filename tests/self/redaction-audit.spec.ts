/**
 * Redaction audit: a whole `conformance run` with a canary planted in every credential variable the adapters
 * declare, once on the mock target and once on the sandbox target pointed at `conformance mock`. Every token the
 * mocks handed out is read back from their exchange log (MOCK_EXCHANGE_LOG). Then every file the run wrote (the
 * report folder with results.json, junit.xml, Playwright's JSON and HTML reports, and Playwright's output folder)
 * and the run's stdout and stderr are scanned for each canary and token in four encodings. The figure is the
 * number of leaks, and it must be 0.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import { getAdapter } from '../../src/adapters';
import { PROVIDERS } from '../../src/openapi';
import { startMock } from '../../mocks/kernel';
import { readExchangeLog } from '../../mocks/kernel/exchange-log';
import { loadMockDefinition, MOCK_DEFAULT_PORTS, MOCK_EXCHANGE_LOG_VARIABLE, mockCredentialVariable, type MockEnvironment } from '../../mocks/registry';
import { cleanEnv, freeMockPorts, runCli, startCli, stopGroup, waitForFile } from './processes';
import { ENCODINGS, needlesFor, scan, type Leak } from './secret-scan';

/**
 * Keys whose string values the audit takes for secrets in the mocks' answers: wider than the redactor's list on
 * purpose, minus the keys that describe a secret (token_type, key_id, expires_at).
 */
const SECRET_KEY = /token|secret|password|signature|apikey|devicecode|^key$/;
const DESCRIBES_A_SECRET = /(type|id|hint|expiresin|expiresat|expiry|ttl|scope|scopes)$/;

interface Secret {
  label: string;
  value: string;
}

/**
 * A canary for every credential variable every adapter declares, for every instance of the mocks. It keeps the
 * generated value's prefix (sk_sandbox_, syn_sk_, app_) so that prefix checks still pass; the Sahha client secret
 * also carries characters that JSON- and URL-encoding change.
 */
async function plantCanaries(): Promise<{ env: Record<string, string>; canaries: Secret[] }> {
  const run = randomBytes(6).toString('hex');
  const env: Record<string, string> = {};
  const canaries: Secret[] = [];
  for (const provider of PROVIDERS) {
    const def = await loadMockDefinition(provider);
    const { required, optional } = getAdapter(provider).credentials;
    for (const environment of Object.keys(MOCK_DEFAULT_PORTS[provider]) as MockEnvironment[]) {
      const mock = await startMock(def, { environment });
      const generated = mock.credentials();
      await mock.close();
      for (const name of [...required, ...optional]) {
        expect(Object.keys(generated), `the ${provider} mock prints ${name}, which its adapter declares`).toContain(name);
        const prefix = /^(?:[a-z]+_){1,2}/.exec(generated[name]!)?.[0] ?? '';
        const tail = name === 'SAHHA_CLIENT_SECRET' ? '+/"q' : '';
        const value = `${prefix}canary${name.toLowerCase().replace(/_/g, '')}${environment === 'production' ? 'prod' : ''}${run}${tail}`;
        env[mockCredentialVariable(name, environment)] = value;
        canaries.push({ label: `${name}${environment === 'production' ? ' (production)' : ''}`, value });
      }
    }
  }
  return { env, canaries };
}

/** The secrets the mocks handed out during the run (tokens, keys, signing secrets), read from their exchange log. */
function mintedTokens(exchangeLog: string, canaries: Secret[]): Secret[] {
  const found = new Set<string>();
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      const k = key.toLowerCase().replace(/[-_.]/g, '');
      if (SECRET_KEY.test(k) && !DESCRIBES_A_SECRET.test(k) && value.length >= 8) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  for (const exchange of readExchangeLog(exchangeLog)) {
    try {
      visit(JSON.parse(exchange.body), '');
    } catch {
      /* not JSON: no token in it */
    }
  }
  for (const c of canaries) found.delete(c.value);
  return [...found].map((value, i) => ({ label: `minted token ${i + 1} (${value.slice(0, 6)}…)`, value }));
}

/** Scans what the run left behind and reports the figure; the caller asserts it is 0. */
function audit(testInfo: TestInfo, what: string, dirs: string[], output: { stdout: string; stderr: string }, secrets: Secret[]): Leak[] {
  const needles = secrets.flatMap((s) => needlesFor(s.label, s.value));
  const { files, leaks } = scan(dirs, { 'run stdout': output.stdout, 'run stderr': output.stderr }, needles);
  const figure = `redaction audit (${what}): ${files.length} files, ${secrets.length} secrets x ${ENCODINGS.length} encodings, ${leaks.length} leaks`;
  console.log(figure);
  testInfo.annotations.push({ type: 'redaction audit', description: figure });
  expect(files.map((f) => path.basename(f)), 'the run wrote its reports').toEqual(expect.arrayContaining(['results.json', 'junit.xml', 'playwright-results.json', 'index.html']));
  return leaks;
}

/** The failed tests' lines of a run's output and the end of its stderr, for an assertion message. */
const failuresOf = (run: { stdout: string; stderr: string }) => [...run.stdout.split('\n').filter((l) => /✘|Error:|expect\(/.test(l)).slice(0, 40), run.stderr.slice(-1500)].join('\n');

const describeLeaks = (leaks: Leak[], root: string) => leaks.map((l) => `${l.label} (${l.encoding}) in ${l.where.startsWith(root) ? path.relative(root, l.where) : l.where}`);

let dir: string;
test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redaction-audit-'));
});
test.afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Where a run writes (audited) and where the test keeps the canaries' files (never audited). */
function folders() {
  const f = { reports: path.join(dir, 'reports'), output: path.join(dir, 'test-results'), private: path.join(dir, 'private') };
  fs.mkdirSync(f.private);
  return { ...f, exchangeLog: path.join(f.private, 'exchanges.jsonl') };
}

test('a run on the mock target with canary credentials leaks no canary and no minted token into any report, attachment or output', async ({}, testInfo) => {
  test.setTimeout(600_000);
  const f = folders();
  const { env: canaryEnv, canaries } = await plantCanaries();
  const run = await runCli(['run'], cleanEnv({ ...canaryEnv, [MOCK_EXCHANGE_LOG_VARIABLE]: f.exchangeLog, CONFORMANCE_TARGET: 'mock', CONFORMANCE_REPORT_DIR: f.reports, CONFORMANCE_OUTPUT_DIR: f.output }));
  expect(run.code, failuresOf(run)).toBe(0);

  const tokens = mintedTokens(f.exchangeLog, canaries);
  expect(tokens.length, 'the mocks handed out tokens during the run').toBeGreaterThan(10);
  const leaks = audit(testInfo, 'mock target', [f.reports, f.output], run, [...canaries, ...tokens]);
  expect(describeLeaks(leaks, dir)).toEqual([]);
});

test('a run on the sandbox target against `conformance mock` with canary credentials leaks no canary and no minted token', async ({}, testInfo) => {
  test.setTimeout(600_000);
  const f = folders();
  const { env: canaryEnv, canaries } = await plantCanaries();
  const envFile = path.join(f.private, 'mock.env');
  const mock = startCli(['mock', '--write-env', envFile], cleanEnv({ ...(await freeMockPorts()), ...canaryEnv, [MOCK_EXCHANGE_LOG_VARIABLE]: f.exchangeLog }));
  try {
    await waitForFile(envFile, mock.child, 60_000);
    const written = fs.readFileSync(envFile, 'utf8');
    const sandboxCanaries = canaries.filter((c) => !c.label.endsWith('(production)'));
    for (const c of sandboxCanaries) expect(written, `the env file of \`conformance mock\` carries the canary of ${c.label}`).toContain(c.value);

    const run = await runCli(['run', '--env-file', envFile], cleanEnv({ CONFORMANCE_REPORT_DIR: f.reports, CONFORMANCE_OUTPUT_DIR: f.output }));
    // A run that conforms: every scenario that could run did, so every secret had its chance to leak.
    expect(run.code, failuresOf(run)).toBe(0);
    expect(run.stdout).toMatch(/\d+ passed/);

    const tokens = mintedTokens(f.exchangeLog, canaries);
    expect(tokens.length, 'the mocks handed out tokens during the run').toBeGreaterThan(10);
    const leaks = audit(testInfo, 'sandbox target', [f.reports, f.output], run, [...canaries, ...tokens]);
    expect(describeLeaks(leaks, dir)).toEqual([]);
  } finally {
    await stopGroup(mock.child);
  }
  expect(mock.output().stderr).not.toContain('Error:');
});
