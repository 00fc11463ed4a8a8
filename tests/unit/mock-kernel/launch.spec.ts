/** The registry (which mock, which port) and the launcher behind `npm run mock`. */
import * as net from 'node:net';
import { expect, test } from '@playwright/test';
import { formatMockBanner, startAllMocks } from '../../../mocks/launch';
import { loadMockDefinition, MOCK_DEFAULT_PORTS, mockPort, mockPortVariable } from '../../../mocks/registry';
import type { RunningMock } from '../../../mocks/kernel/types';
import { ConformanceError } from '../../../src/errors';

/** A port that was free a moment ago, and a way to hold one busy. */
function occupy(port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const release = (server: net.Server) => new Promise((resolve) => server.close(resolve));
async function freePort(): Promise<number> {
  const server = await occupy();
  const port = portOf(server);
  await release(server);
  return port;
}

let mocks: RunningMock<unknown>[] = [];
test.afterEach(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
});

test('the default ports are Sahha 4010 and 4011, Sonar 4020, Synheart 4030, each with its variable', () => {
  expect(MOCK_DEFAULT_PORTS).toEqual({ sahha: { sandbox: 4010, production: 4011 }, sonar: { sandbox: 4020 }, synheart: { sandbox: 4030 } });
  expect([mockPortVariable('sahha', 'sandbox'), mockPortVariable('sahha', 'production'), mockPortVariable('sonar', 'sandbox'), mockPortVariable('synheart', 'sandbox')]).toEqual([
    'MOCK_PORT_SAHHA',
    'MOCK_PORT_SAHHA_PRODUCTION',
    'MOCK_PORT_SONAR',
    'MOCK_PORT_SYNHEART',
  ]);
});

test('a port variable overrides the default; a value that is not a port is refused naming the variable', () => {
  expect(mockPort('sonar', 'sandbox', {})).toBe(4020);
  expect(mockPort('sonar', 'sandbox', { MOCK_PORT_SONAR: ' 5020 ' })).toBe(5020);
  expect(mockPort('sahha', 'production', { MOCK_PORT_SAHHA_PRODUCTION: '5011', MOCK_PORT_SAHHA: '5010' })).toBe(5011);
  for (const bad of ['http', '70000', '-1', '40.5']) {
    expect(() => mockPort('synheart', 'sandbox', { MOCK_PORT_SYNHEART: bad }), bad).toThrow(new RegExp(`MOCK_PORT_SYNHEART=${bad.replace('.', '\\.')} is not a port`));
  }
});

test('loadMockDefinition builds a provider\'s definition and refuses an unknown provider', async () => {
  const def = await loadMockDefinition('sahha');
  expect(def.provider).toBe('sahha');
  expect(def.spec.operations.size).toBeGreaterThan(0);
  const err = await loadMockDefinition('fitbit').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConformanceError);
  expect((err as ConformanceError).code).toBe('BAD_ARGUMENTS');
  expect((err as Error).message).toContain('Known: sahha, sonar, synheart');
});

test('startAllMocks starts Sahha twice, sandbox and production, on the ports asked for', async () => {
  const sandboxPort = await freePort();
  mocks = await startAllMocks({ providers: ['sahha'], env: { MOCK_PORT_SAHHA: String(sandboxPort) }, ports: { sahha: { production: 0 } } });
  expect(mocks.map((m) => [m.provider, m.environment])).toEqual([
    ['sahha', 'sandbox'],
    ['sahha', 'production'],
  ]);
  const [sandbox, production] = mocks as [RunningMock<unknown>, RunningMock<unknown>];
  expect(new URL(sandbox.baseUrl).port).toBe(String(sandboxPort));
  expect(new URL(production.baseUrl).port).not.toBe(String(sandboxPort));
  expect(new URL(sandbox.baseUrl).pathname).toBe('/api/v1');
  const state = (await (await fetch(`${production.controlUrl}/state`)).json()) as { environment: string };
  expect(state.environment).toBe('production');
});

test('the banner lists each instance and the exact .env lines for the sandbox target', async () => {
  mocks = await startAllMocks({ providers: ['sahha'], ports: { sahha: { sandbox: 0, production: 0 } } });
  const [sandbox, production] = mocks as [RunningMock<unknown>, RunningMock<unknown>];
  const lines = formatMockBanner(mocks).split('\n');
  for (const m of mocks) {
    expect(lines).toContain(`    API:     ${m.baseUrl}`);
    expect(lines).toContain(`    control: ${m.controlUrl}`);
  }
  const envStart = lines.indexOf('CONFORMANCE_TARGET=sandbox');
  expect(envStart).toBeGreaterThan(0);
  const envLines = lines.slice(envStart);
  const credentials = Object.entries(sandbox.credentials()).map(([k, v]) => `${k}=${v}`);
  expect(envLines).toEqual(['CONFORMANCE_TARGET=sandbox', `SAHHA_BASE_URL=${sandbox.baseUrl}`, ...credentials]);
  expect(credentials.map((c) => c.split('=')[0])).toEqual(expect.arrayContaining(['SAHHA_CLIENT_ID', 'SAHHA_CLIENT_SECRET']));
  expect(envLines.join('\n')).not.toContain(production.baseUrl);
  expect(lines.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
});

test('a port already in use is a clear error naming the port and the variable, and nothing stays up', async () => {
  const busy = await occupy();
  const sandboxPort = await freePort();
  try {
    const err = await startAllMocks({ providers: ['sahha'], ports: { sahha: { sandbox: sandboxPort, production: portOf(busy) } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConformanceError);
    expect((err as Error).message).toContain(`Port ${portOf(busy)} on 127.0.0.1 is already in use`);
    expect((err as Error).message).toContain('set MOCK_PORT_SAHHA_PRODUCTION to a free port');
    await release(await occupy(sandboxPort));
  } finally {
    await release(busy);
  }
});
