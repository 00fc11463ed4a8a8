import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConformanceError } from '../../../src/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/http';
import { loadSpec } from '../../../src/openapi';
import { loadEnvFile, parseTarget, resolveRemoteTarget, skipReason, strictUndeclared, type ProviderTarget } from '../../../src/targets';
import { ApiClient, ProductionGuardError } from '../../../src/targets/api';

/** A client that records what would have been sent and answers 200 {}: nothing leaves the process. */
function recordingClient(): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async send(req) {
      sent.push(req);
      return { status: 200, headers: {}, bodyText: '{}', json: {}, durationMs: 0, exchange: {} as HttpResponse['exchange'] };
    },
    async close() {},
  };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'targets-'));

test('the target defaults to mock and refuses unknown names with the list of valid ones', () => {
  expect(parseTarget(undefined)).toBe('mock');
  expect(parseTarget(' Sandbox ')).toBe('sandbox');
  expect(() => parseTarget('staging')).toThrow(/Unknown target "staging".*mock, sandbox, production/);
});

test('the sandbox target uses the documented sandbox server, or <PROVIDER>_BASE_URL when set', async () => {
  const spec = await loadSpec('sahha');
  const creds = { required: ['SAHHA_CLIENT_ID'], optional: [] };
  expect(resolveRemoteTarget(spec, 'sandbox', creds, { SAHHA_CLIENT_ID: 'mock-id' }).baseUrl).toBe('https://sandbox-api.sahha.ai/api/v1');
  expect(resolveRemoteTarget(spec, 'production', creds, { SAHHA_CLIENT_ID: 'mock-id' }).baseUrl).toBe('https://api.sahha.ai/api/v1');
  expect(resolveRemoteTarget(spec, 'sandbox', creds, { SAHHA_CLIENT_ID: 'mock-id', SAHHA_BASE_URL: 'http://127.0.0.1:4010/api/v1/' }).baseUrl).toBe('http://127.0.0.1:4010/api/v1');
  expect(() => resolveRemoteTarget(spec, 'sandbox', creds, { SAHHA_BASE_URL: 'not a url' })).toThrow(/SAHHA_BASE_URL="not a url" is not a URL/);
});

test('a provider with missing credentials is skipped with a reason naming each missing variable', async () => {
  const spec = await loadSpec('sonar');
  const t = resolveRemoteTarget(spec, 'sandbox', { required: ['SONAR_API_KEY'], optional: ['SONAR_LIVE_API_KEY'] }, {});
  expect(t.missingCredentials).toEqual(['SONAR_API_KEY']);
  expect(skipReason(t)).toMatch(/sonar skipped on the sandbox target: missing SONAR_API_KEY/);
  const ok = resolveRemoteTarget(spec, 'sandbox', { required: ['SONAR_API_KEY'], optional: [] }, { SONAR_API_KEY: 'sk_sandbox_mock_0001' });
  expect(skipReason(ok)).toBeUndefined();
});

test('an env file fills unset variables only, and a malformed line is an error naming file and line', () => {
  const dir = tmp();
  const good = path.join(dir, 'good.env');
  fs.writeFileSync(good, '# comment\nSONAR_API_KEY=sk_sandbox_mock_0002\nSAHHA_CLIENT_ID=from-file\n');
  const env: NodeJS.ProcessEnv = { SAHHA_CLIENT_ID: 'already-set' };
  loadEnvFile(good, env);
  expect(env).toEqual({ SAHHA_CLIENT_ID: 'already-set', SONAR_API_KEY: 'sk_sandbox_mock_0002' });

  const bad = path.join(dir, 'bad.env');
  fs.writeFileSync(bad, 'OK=1\nthis line is not a variable\n');
  expect(() => loadEnvFile(bad, {})).toThrow(/bad\.env:2 is not a KEY=value line/);
  expect(() => loadEnvFile(path.join(dir, 'missing.env'), {})).toThrow(ConformanceError);
});

test('the production target refuses a mutating operation in the engine, before anything is sent', async () => {
  const spec = await loadSpec('sonar');
  const target: ProviderTarget = { provider: 'sonar', target: 'production', environment: 'production', baseUrl: 'http://127.0.0.1:9/v1', credentials: {}, missingCredentials: [] };
  const http = recordingClient();
  const api = new ApiClient(spec, target, http);
  const mutating = [...spec.operations.values()].filter((op) => op.conformance.mutates);
  const readOnly = [...spec.operations.values()].filter((op) => op.conformance.production && !op.conformance.mutates);
  expect(mutating.length).toBeGreaterThan(0);
  expect(readOnly.length).toBeGreaterThan(0);
  for (const op of mutating) {
    const params = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'x']));
    await expect(api.call(op.operationId, { pathParams: params })).rejects.toBeInstanceOf(ProductionGuardError);
  }
  expect(http.sent, 'no mutating request may leave the engine').toEqual([]);
  const op = readOnly[0]!;
  await api.call(op.operationId, { pathParams: Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'x'])) });
  expect(http.sent.map((r) => r.method)).toEqual([op.method.toUpperCase()]);
});

test('GEN-UNDECLARED is strict on the mock target and lenient on sandbox and production unless CONFORMANCE_STRICT says otherwise', () => {
  expect([strictUndeclared('mock', {}), strictUndeclared('sandbox', {}), strictUndeclared('production', {})]).toEqual([true, false, false]);
  expect(strictUndeclared('sandbox', { CONFORMANCE_STRICT: '1' })).toBe(true);
  expect(strictUndeclared('production', { CONFORMANCE_STRICT: 'true' })).toBe(true);
  expect(strictUndeclared('mock', { CONFORMANCE_STRICT: '0' })).toBe(false);
  expect(() => strictUndeclared('sandbox', { CONFORMANCE_STRICT: 'maybe' })).toThrow(/CONFORMANCE_STRICT is "maybe"; use 1 .* or 0/);
});
