/**
 * Redaction audit: a whole `conformance run` with a canary planted in every credential variable the adapters
 * declare, once on the mock target and once on the sandbox target pointed at `conformance mock`. Every token the
 * mocks handed out is read back from their exchange log (MOCK_EXCHANGE_LOG). Then every file the run wrote (the
 * report folder with results.json, junit.xml, Playwright's JSON and HTML reports, and Playwright's output folder)
 * and the run's stdout and stderr are scanned for each canary and token in four encodings. The figure is the
 * number of leaks, and it must be 0.
 *
 * Health data the same way: the production mocks hold canary health values (Sahha's production profile: birth date,
 * occupation, gender, device id, every score; Sonar's live user: reference id and timezone; mocks/<provider>/
 * initial-state.ts and sample-data.ts). A production-target run must leave none of them in any artifact (the values
 * the specs mark x-health-data are hidden at capture), in the same encodings, while the same scan finds them in what
 * the mocks served (the test is not blind).
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
import { startAllMocks } from '../../mocks/launch';
import { PRODUCTION_HEALTH_CANARIES as SAHHA_CANARIES } from '../../mocks/sahha/sample-data';
import { PRODUCTION_HEALTH_CANARIES as SONAR_CANARIES } from '../../mocks/sonar/initial-state';
import type { ConformanceReport } from '../../reporters/model';
import { loadMockDefinition, MOCK_DEFAULT_PORTS, MOCK_EXCHANGE_LOG_VARIABLE, mockCredentialVariable, type MockEnvironment } from '../../mocks/registry';
import { cleanEnv, freeMockPorts, runCli, startCli, stopGroup, waitForFile } from './processes';
import { productionEnv } from './harness';
import { ENCODINGS, needlesFor, scan, scanContent, type Leak } from './secret-scan';

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

/** The canary health values the production mocks served in this run: the fixed ones and every Sahha production score. */
function servedCanaries(exchangeLog: string): Secret[] {
  const fixed = [SAHHA_CANARIES.demographic.gender, SAHHA_CANARIES.demographic.birthDate, SAHHA_CANARIES.demographic.occupation, SAHHA_CANARIES.deviceId, SONAR_CANARIES.referenceId, SONAR_CANARIES.timezone];
  const scores = new Set<string>();
  const visit = (v: unknown, key: string): void => {
    if (key === 'score' && typeof v === 'number' && Math.round(v * 1e6) % 1000 !== 0) scores.add(JSON.stringify(v));
    else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const e of readExchangeLog(exchangeLog).filter((x) => x.provider === 'sahha' && x.environment === 'production' && /\/profile\/score/i.test(x.url))) {
    try {
      visit(JSON.parse(e.body), '');
    } catch {
      /* not JSON */
    }
  }
  return [...fixed.map((value) => ({ label: `health canary ${value}`, value })), ...[...scores].map((value) => ({ label: `health canary score ${value}`, value }))];
}

test('a production-target run hides every canary health value of the production mocks in every report, attachment and output', async ({}, testInfo) => {
  test.setTimeout(600_000);
  const f = folders();
  const mocks = await startAllMocks({ ports: { sahha: { sandbox: 0, production: 0 }, sonar: { sandbox: 0 }, synheart: { sandbox: 0 } }, env: { [MOCK_EXCHANGE_LOG_VARIABLE]: f.exchangeLog } });
  try {
    const run = await runCli(['run', '--target', 'production'], cleanEnv({ ...productionEnv(mocks), CONFORMANCE_REPORT_DIR: f.reports, CONFORMANCE_OUTPUT_DIR: f.output }));
    expect(run.code, failuresOf(run)).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(f.reports, 'results.json'), 'utf8')) as ConformanceReport;
    expect(report.run.healthData).toBe('hidden');

    const canaries = servedCanaries(f.exchangeLog);
    expect(canaries.filter((c) => c.label.includes(' score ')).length, 'the Sahha production instance served canary scores').toBeGreaterThan(5);
    // The scan is not blind: every canary is found in what the mocks served, in the same encodings.
    const served = scanContent('served', fs.readFileSync(f.exchangeLog), canaries.flatMap((c) => needlesFor(c.label, c.value)));
    expect(canaries.filter((c) => !served.some((l) => l.label === c.label)).map((c) => c.label), 'canaries the production mocks never served').toEqual([]);

    const leaks = audit(testInfo, 'production target, health data', [f.reports, f.output], run, canaries);
    expect(describeLeaks(leaks, dir)).toEqual([]);
    // What stands in their place: typed placeholders, in the HAR as everywhere.
    const har = fs.readFileSync(path.join(f.reports, report.run.har), 'utf8');
    expect(har).toContain('\\"score\\":\\"<number>\\"');
    expect(har).toContain('\\"birthDate\\":\\"<date>\\"');
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
  }
});
