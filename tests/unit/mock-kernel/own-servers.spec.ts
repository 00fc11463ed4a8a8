/**
 * Operations with servers of their own (path- or operation-level `servers`): Sahha's GET /Version lives at the host
 * root, outside /api/v1. The API client addresses it there on any base URL, and the mock serves it there only.
 */
import { expect, test } from '@playwright/test';
import { startMock } from '../../../mocks/kernel';
import { loadMockDefinition } from '../../../mocks/registry';
import { createRouter } from '../../../mocks/kernel/router';
import { loadSpec } from '../../../src/openapi';

test('an operation with its own servers is addressed under their path, on the documented servers and on any base URL', async () => {
  const spec = await loadSpec('sahha');
  const version = spec.operation('getVersion');
  expect(version.servers.map((s) => [s.environment, s.url])).toEqual([
    ['sandbox', 'https://sandbox-api.sahha.ai'],
    ['production', 'https://api.sahha.ai'],
  ]);
  expect(spec.operationBase(version, 'https://sandbox-api.sahha.ai/api/v1', 'sandbox')).toBe('https://sandbox-api.sahha.ai');
  expect(spec.operationBase(version, 'http://127.0.0.1:4010/api/v1/', 'sandbox')).toBe('http://127.0.0.1:4010');
  expect(spec.operationBase(version, 'http://proxy.test/elsewhere', 'production')).toBe('http://proxy.test');
  expect(spec.operationBase(spec.operation('getProfile'), 'http://127.0.0.1:4010/api/v1', 'sandbox')).toBe('http://127.0.0.1:4010/api/v1');

  const router = createRouter(spec, 'sandbox');
  expect(router.routeOwnServer('GET', '/Version')).toMatchObject({ kind: 'operation', relative: '/Version' });
  expect(router.routeOwnServer('DELETE', '/Version')).toMatchObject({ kind: 'method_not_allowed', allow: ['GET'] });
  expect(router.routeOwnServer('GET', '/api/v1/Version')).toBeUndefined();
  expect(router.route('GET', '/Version').kind).toBe('not_found');
});

test('the mock answers GET /Version at the host root and not under /api/v1', async () => {
  const def = await loadMockDefinition('sahha');
  const mock = await startMock(def as never, { environment: 'sandbox', port: 0, host: '127.0.0.1', validateResponses: true });
  try {
    const origin = new URL(mock.baseUrl).origin;
    const root = await fetch(`${origin}/Version`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await root.text()).length).toBeGreaterThan(0);
    expect((await fetch(`${mock.baseUrl}/Version`)).status).toBe(404);
    expect(mock.drift()).toEqual([]);
  } finally {
    await mock.close();
  }
});
