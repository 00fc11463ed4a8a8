/** The circuit breaker: trips after N requests in a row without an answer, never on one slow answer; shared by workers through its state file. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { createBreaker, createHttpClient } from '../../../src/http';

test('three requests in a row without an answer trip it; an answer in between resets the count; other codes do not count', () => {
  const b = createBreaker({ name: 'the sonar sandbox' });
  b.record(false, 'REQUEST_TIMEOUT');
  b.record(false, 'REQUEST_TIMEOUT');
  b.record(true);
  b.record(false, 'BAD_ARGUMENTS');
  b.record(false, 'REQUEST_TIMEOUT');
  b.record(false, 'TARGET_UNREACHABLE');
  expect(b.tripped()).toBeUndefined();
  expect(() => b.check()).not.toThrow();
  b.record(false, 'REQUEST_TIMEOUT');
  expect(b.tripped()).toBe('The sonar sandbox stopped answering after 6 requests: 3 requests in a row without an answer (2 timeouts, 1 refused or cut off). Its remaining tests could not run; check that the target is up and responsive, or raise CONFORMANCE_TIMEOUT_MS.');
  expect(() => b.check()).toThrow(/^The sonar sandbox stopped answering/);
  try {
    b.check();
  } catch (err) {
    expect((err as Error).name).toBe('ConformanceError[TARGET_STOPPED]');
  }
});

test('breakers of several workers sharing a state file count their timeouts together and report one reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'breaker-'));
  try {
    const stateFile = path.join(dir, 'state', 'sonar-breaker.log');
    const a = createBreaker({ name: 'the sonar sandbox', stateFile });
    const b = createBreaker({ name: 'the sonar sandbox', stateFile });
    a.record(true);
    a.record(false, 'REQUEST_TIMEOUT');
    b.record(false, 'REQUEST_TIMEOUT');
    expect(a.tripped()).toBeUndefined();
    a.record(false, 'REQUEST_TIMEOUT');
    expect(a.tripped()).toMatch(/^The sonar sandbox stopped answering after 4 requests: 3 timeouts in a row\./);
    expect(b.tripped()).toBe(a.tripped());
    b.record(true); // a straggler's late answer does not close it again
    expect(() => b.check()).toThrow(/stopped answering/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the HTTP client sends nothing once its breaker tripped, and a slow answer inside the timeout does not trip it', async () => {
  let received = 0;
  const server = http.createServer((req, res) => {
    received++;
    if (req.url === '/slow') setTimeout(() => res.end('{}'), 150);
    // any other path: accepted and never answered
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const breaker = createBreaker({ name: 'the fixture target' });
  const client = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 300, breaker });
  try {
    expect((await client.send({ method: 'GET', url: '/slow' })).status).toBe(200);
    for (let i = 0; i < 3; i++) await expect(client.send({ method: 'GET', url: '/silent' })).rejects.toThrow(/REQUEST_TIMEOUT|no complete response/);
    expect(breaker.tripped()).toMatch(/after 4 requests: 3 timeouts in a row/);
    const before = received;
    await expect(client.send({ method: 'GET', url: '/slow' })).rejects.toThrow(/stopped answering/);
    expect(received).toBe(before);
  } finally {
    await client.close().catch(() => undefined);
    server.closeAllConnections();
    server.close();
  }
});
