/**
 * Credentials given to the built-in mocks (MockOptions.credentials, MOCK_<NAME> variables) and the exchange log
 * (MockOptions.exchangeLog, MOCK_EXCHANGE_LOG): what a user of `npm run mock` and the redaction audit rely on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { getAdapter } from '../../../src/adapters';
import { startMock } from '../../../mocks/kernel';
import { readExchangeLog } from '../../../mocks/kernel/exchange-log';
import { loadMockDefinition, mockCredentialVariable, mockOptionsFromEnv } from '../../../mocks/registry';
import type { RunningMock } from '../../../mocks/kernel/types';
import { ConformanceError } from '../../../src/errors';

let mock: RunningMock<unknown> | undefined;
let dir: string | undefined;
test.afterEach(async () => {
  await mock?.close();
  mock = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Calls an operation of the mock by operationId with the API key of its first security scheme. */
async function call(m: RunningMock<unknown>, operationId: string, key: string): Promise<Response> {
  const def = await loadMockDefinition(m.provider);
  const op = def.spec.operations.get(operationId)!;
  const scheme = op.security[0]![0]!.scheme;
  return fetch(m.baseUrl + op.path, { method: op.method.toUpperCase(), headers: getAdapter(m.provider).authHeaders(scheme, key) });
}

test('MOCK_<NAME> variables give an instance its credentials, _PRODUCTION those of the production instance, and nothing else reaches it', () => {
  const env = {
    MOCK_SAHHA_CLIENT_SECRET: 'test_sandbox_secret',
    MOCK_SAHHA_CLIENT_SECRET_PRODUCTION: 'test_production_secret',
    MOCK_PORT_SAHHA: '4999',
    SAHHA_CLIENT_SECRET: 'test_real_sandbox_secret',
    MOCK_EXCHANGE_LOG: '/tmp/x.jsonl',
  };
  expect(mockCredentialVariable('SAHHA_CLIENT_SECRET', 'production')).toBe('MOCK_SAHHA_CLIENT_SECRET_PRODUCTION');
  expect(mockOptionsFromEnv('sahha', 'sandbox', env)).toEqual({ credentials: { SAHHA_CLIENT_SECRET: 'test_sandbox_secret' }, exchangeLog: '/tmp/x.jsonl' });
  expect(mockOptionsFromEnv('sahha', 'production', env).credentials).toEqual({ SAHHA_CLIENT_SECRET: 'test_production_secret' });
  expect(mockOptionsFromEnv('sonar', 'sandbox', env).credentials).toEqual({});
});

test('a mock answers with the key it was given, no longer with its generated one, and keeps it across a reset', async () => {
  const def = await loadMockDefinition('sonar');
  const plain = await startMock(def);
  const generated = plain.credentials().SONAR_API_KEY!;
  await plain.close();
  mock = await startMock(def, { credentials: { SONAR_API_KEY: 'sk_sandbox_test_given_0001' } });
  expect(mock.credentials().SONAR_API_KEY).toBe('sk_sandbox_test_given_0001');
  expect((await call(mock, 'listUsers', 'sk_sandbox_test_given_0001')).status).toBe(200);
  expect((await call(mock, 'listUsers', generated)).status).toBe(401);
  mock.reset();
  expect((await call(mock, 'listUsers', 'sk_sandbox_test_given_0001')).status).toBe(200);
});

test('every credential a mock prints can be given, and a name it does not print is refused with the names it takes', async () => {
  for (const provider of ['sahha', 'sonar', 'synheart'] as const) {
    const def = await loadMockDefinition(provider);
    const plain = await startMock(def);
    const printed = plain.credentials();
    await plain.close();
    const given = Object.fromEntries(Object.keys(printed).map((name, i) => [name, `test_given_${provider}_${i}_value`]));
    const m = await startMock(def, { credentials: given });
    expect(m.credentials()).toEqual(given);
    await m.close();
  }
  const def = await loadMockDefinition('sonar');
  const refused = await startMock(def, { credentials: { SONAR_KEY: 'sk_sandbox_test_0001' } }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ConformanceError);
  expect((refused as Error).message).toContain('has no credential SONAR_KEY; it takes SONAR_API_KEY, SONAR_LIVE_API_KEY');
});

test('the exchange log holds one JSON line per answer, API and control surface, with method, url, status and body', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exchange-log-'));
  const file = path.join(dir, 'exchanges.jsonl');
  mock = await startMock(await loadMockDefinition('sonar'), { exchangeLog: file });
  await call(mock, 'listUsers', mock.credentials().SONAR_API_KEY!);
  await fetch(`${mock.controlUrl}/state`);
  const log = readExchangeLog(file);
  expect(log.map((e) => [e.provider, e.environment, e.method, e.status])).toEqual([
    ['sonar', 'sandbox', 'GET', 200],
    ['sonar', 'sandbox', 'GET', 200],
  ]);
  expect(log[1]!.url).toBe('/__control/state');
  expect(JSON.parse(log[0]!.body)).toHaveProperty('data');
});
