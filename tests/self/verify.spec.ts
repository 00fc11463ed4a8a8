/**
 * `conformance verify` against mocks started by `conformance mock` (as `npm run mock` does): valid credentials work,
 * and each way they can be wrong is named, with exit 2 and no secret shown.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/openapi';
import type { ProviderVerification } from '../../src/verify';
import { startMockProcess, type MockProcess } from './processes';

let mocks: MockProcess;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  mocks = await startMockProcess();
});
test.afterAll(async () => {
  await mocks?.stop();
});

/** Runs `conformance verify --json` with only the given variables (none inherited from this process). */
function verify(vars: Record<string, string>, args: string[] = []) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (/^(SAHHA|SONAR|SYNHEART|CONFORMANCE)_/.test(k)) delete base[k];
  const file = path.join(mocks.dir, `verify-${Date.now()}.env`);
  fs.writeFileSync(file, Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const res = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'cli/main.ts', 'verify', '--json', '--env-file', file, ...args], { cwd: PROJECT_ROOT, env: base, encoding: 'utf8', timeout: 60_000 });
  const results = res.stdout.trim().startsWith('[') ? (JSON.parse(res.stdout) as ProviderVerification[]) : [];
  const byProvider = (p: string) => results.find((r) => r.provider === p)!;
  return { ...res, results, byProvider, output: res.stdout + res.stderr };
}

/** No configured secret appears in the output, only its masked form. */
function expectNoSecret(output: string, vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) if (/KEY|SECRET/.test(k)) expect(output, `${k} is not shown`).not.toContain(v);
}

test('valid mock credentials: every provider works, with the token obtained, its lifetime, the clock skew, exit 0', () => {
  const res = verify(mocks.env);
  expect(res.status, res.output).toBe(0);
  expect(res.results.map((r) => [r.provider, r.ok, r.kinds.map((k) => `${k.kind} ${k.status} ${k.probe?.operationId}`)])).toEqual([
    ['sahha', true, ['account ok searchProfiles']],
    ['sonar', true, ['apiKey ok listUsers']],
    ['synheart', true, ['apiKey ok listSnapshots']],
  ]);
  const account = res.byProvider('sahha').kinds[0]!;
  expect(account.lifetimeMs).toBeGreaterThan(23 * 3600_000); // the documented 24 h
  expect(account.shown).toMatch(/…[A-Za-z0-9]{4}$/);
  for (const r of res.results) expect(Math.abs(r.clockSkewSeconds!)).toBeLessThanOrEqual(2);
  expectNoSecret(res.output, mocks.env);
});

test('a wrong secret is refused by the provider and named, without showing it; exit 2', () => {
  const vars = { ...mocks.env, SAHHA_CLIENT_SECRET: 'not-the-client-secret-0001' };
  const res = verify(vars, ['--provider', 'sahha']);
  expect(res.status).toBe(2);
  const kind = res.byProvider('sahha').kinds[0]!;
  expect(kind.status).toBe('rejected');
  expect(kind.message).toContain('Check SAHHA_CLIENT_ID and SAHHA_CLIENT_SECRET');
  expectNoSecret(res.output, vars);
});

test('an sk_live_ key where the sandbox was meant is a wrong environment, found before anything is sent', () => {
  const vars = { ...mocks.env, SONAR_API_KEY: 'sk_live_fake_not_a_real_key_0001' };
  const res = verify(vars, ['--provider', 'sonar']);
  expect(res.status).toBe(2);
  const r = res.byProvider('sonar');
  expect(r.kinds[0]).toMatchObject({ status: 'wrong-environment', shown: 'sk_live_…0001', probe: null });
  expect(r.kinds[0]!.message).toContain('Use a sandbox key (sk_sandbox_...)');
  expect(r.requests).toBe(0);
  expectNoSecret(res.output, vars);
});

test('a missing variable is named; a provider with no variable at all is only "not configured" unless named', () => {
  const { SYNHEART_API_KEY: _dropped, ...rest } = mocks.env;
  const missing = verify(rest, ['--provider', 'synheart']);
  expect(missing.status).toBe(2);
  expect(missing.byProvider('synheart').kinds[0]).toMatchObject({ status: 'missing' });
  expect(missing.byProvider('synheart').kinds[0]!.message).toContain('Missing SYNHEART_API_KEY');

  const onlySonar = Object.fromEntries(Object.entries(mocks.env).filter(([k]) => k.startsWith('SONAR_')));
  const partial = verify(onlySonar);
  expect(partial.status).toBe(0);
  expect(partial.results.map((r) => [r.provider, r.configured])).toEqual([['sahha', false], ['sonar', true], ['synheart', false]]);

  const nothing = verify({});
  expect(nothing.status).toBe(2);
  expect(nothing.stderr).toContain('No provider has credentials set');
});

test('a revoked key is reported as revoked (the Sonar mock rotates its key through its control surface)', async () => {
  const control = mocks.env.SONAR_BASE_URL!.replace(/\/v1$/, '/__control');
  const rotated = await fetch(`${control}/rotateKey`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ environment: 'sandbox' }) });
  expect(rotated.ok).toBe(true);
  const res = verify(mocks.env, ['--provider', 'sonar']);
  expect(res.status).toBe(2);
  const kind = res.byProvider('sonar').kinds[0]!;
  expect(kind.status).toBe('revoked');
  expect(kind.probe).toEqual({ operationId: 'listUsers', status: 401 });
  expectNoSecret(res.output, mocks.env);
});

test('an unreachable host is named and ends with exit 2', () => {
  const res = verify({ ...mocks.env, SONAR_BASE_URL: 'http://127.0.0.1:9/v1' }, ['--provider', 'sonar']);
  expect(res.status).toBe(2);
  expect(res.byProvider('sonar').kinds[0]).toMatchObject({ status: 'unreachable' });
  expect(res.byProvider('sonar').kinds[0]!.message).toContain('127.0.0.1:9');
});
