/**
 * An independent cross-check that the built-in mocks keep their specs: Stoplight Prism (its own validator, not
 * ours) sits as a proxy between the conformance suite and each mock, and every answer the mock gives during a
 * full sandbox-target run must satisfy the spec in Prism's eyes.
 *
 * Prism runs WITHOUT `--errors`. With it, Prism answers an invalid request itself (422, or its own 401) instead
 * of forwarding it, and the suite sends invalid requests on purpose: the GEN-NEGATIVE and GEN-AUTH probes test
 * the mock's own rejections, which would then never reach the mock and fail. Without `--errors` every request
 * is forwarded, and Prism logs each violation it finds on either side. The probes' request violations are
 * expected and only reported; response violations are the mock breaking its spec and fail the test.
 * One thing Prism cannot forward at all: a request body that is not JSON (see failsOnlyOnNotJsonProbes; the
 * last test here shows it). GEN-NEGATIVE tests whose only failures are that probe are therefore excused, by name.
 * Nor can it reach an operation with servers of its own (Sahha's GET /Version at the host root): it forwards every
 * path below its one upstream URL, the mock's /api/v1; the generated checks of such an operation are excused too.
 * The suite runs with one worker so that each logged violation follows the exchange it belongs to.
 */
import { expect, test } from '@playwright/test';
import { startMock, type RunningMock } from '../../mocks/kernel';
import { loadMockDefinition } from '../../mocks/registry';
import { loadSpec, PROVIDERS, specFileFor } from '../../src/openapi';
import { baseUrlVariable } from '../../src/targets';
import { runConformance } from './harness';
import { failsOnlyOnNotJsonProbes, parsePrismLog, startPrismProxy, type PrismViolation, type RunningPrism } from './prism-support';

const describeViolation = (v: PrismViolation) => `${v.exchange}: ${v.side}${v.location ? `.${v.location}` : ''} ${v.message}`;

async function withMockBehindPrism(provider: string, body: (mock: RunningMock<unknown>, prism: RunningPrism) => Promise<void>): Promise<void> {
  const mock = await startMock(await loadMockDefinition(provider), { port: 0, environment: 'sandbox' });
  let prism: RunningPrism | undefined;
  try {
    prism = await startPrismProxy(specFileFor(provider), mock.baseUrl);
    await body(mock, prism);
  } finally {
    await prism?.stop();
    await mock.close();
  }
}

for (const provider of PROVIDERS) {
  test(`every answer the ${provider} mock gives during a sandbox-target run passes Prism's response validation`, async ({}, testInfo) => {
    test.setTimeout(300_000);
    await withMockBehindPrism(provider, async (mock, prism) => {
      const run = await runConformance({
        providers: [provider],
        timeoutMs: 270_000,
        env: { CONFORMANCE_TARGET: 'sandbox', CONFORMANCE_WORKERS: '1', [baseUrlVariable(provider)]: prism.url, ...mock.credentials() },
      });
      const log = parsePrismLog(prism.output());
      await testInfo.attach('prism.log', { body: prism.output(), contentType: 'text/plain' });
      const requestViolations = log.violations.filter((v) => v.side === 'request').map(describeViolation);
      testInfo.annotations.push({ type: 'prism', description: `${log.forwarded} exchanges forwarded, ${requestViolations.length} request violations (deliberate probes), ${log.terminated.length} answered by Prism itself` });
      await testInfo.attach('prism-request-violations.txt', { body: requestViolations.join('\n'), contentType: 'text/plain' });

      const ran = run.tests.filter((t) => t.status !== 'skipped');
      expect(ran.length, `the ${provider} run executed tests:\n${run.stderr.slice(-2000)}`).toBeGreaterThan(0);
      expect(log.forwarded, 'Prism forwarded the suite\'s requests to the mock').toBeGreaterThan(0);
      expect(log.violations.filter((v) => v.side === 'response').map(describeViolation), 'response violations Prism logged').toEqual([]);
      expect(log.terminated, 'requests Prism answered itself instead of forwarding').toEqual([]);
      const ownServers = [...(await loadSpec(provider)).operations.values()].filter((op) => op.servers.length > 0).map((op) => op.operationId);
      const atOwnServer = (title: string) => ownServers.some((id) => title.includes(` ${id} (`));
      const excused = ran.filter((t) => t.status === 'failed' && (failsOnlyOnNotJsonProbes(t) || atOwnServer(t.title)));
      testInfo.annotations.push({ type: 'prism', description: `excused (not-JSON probe answered by Prism itself, or an operation at servers of its own that Prism cannot forward to): ${excused.map((t) => t.title).join(' | ') || 'none'}` });
      expect(ran.filter((t) => t.status !== 'passed' && !excused.includes(t)).map((t) => `${t.title}: ${t.error.split('\n')[0]}`), 'non-skipped tests that did not pass through Prism (other than the excused not-JSON probes)').toEqual([]);
    });
  });
}

test('a response that breaks the spec is caught: with generic.drop-required-field, Prism logs the missing accountToken and says so in sl-violations', async () => {
  test.setTimeout(120_000);
  const op = (await loadSpec('sahha')).operations.get('getAccountToken');
  expect(op, 'the Sahha spec has getAccountToken').toBeDefined();
  await withMockBehindPrism('sahha', async (mock, prism) => {
    const creds = mock.credentials();
    mock.enableFaults(['generic.drop-required-field']);
    const res = await fetch(prism.url + op!.path, {
      method: op!.method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: creds.SAHHA_CLIENT_ID, clientSecret: creds.SAHHA_CLIENT_SECRET }),
    });
    expect(res.status).toBe(200);
    const header = JSON.parse(res.headers.get('sl-violations') ?? '[]') as { location: string[]; message: string }[];
    expect(header.map((v) => v.location.join('.'))).toEqual(['response.body']);
    expect(header[0]?.message).toMatch(/accountToken/);
    await expect.poll(() => parsePrismLog(prism.output()).violations.map((v) => `${v.side} ${v.location}`)).toEqual(['response body']);
    expect(parsePrismLog(prism.output()).violations[0]?.exchange).toBe(`POST ${mock.baseUrl}${op!.path}`);
  });
});

test('Prism answers a request body that is not JSON itself, without forwarding it to the mock or logging it', async () => {
  test.setTimeout(120_000);
  const op = (await loadSpec('sahha')).operations.get('getAccountToken');
  expect(op, 'the Sahha spec has getAccountToken').toBeDefined();
  await withMockBehindPrism('sahha', async (_mock, prism) => {
    const res = await fetch(prism.url + op!.path, { method: op!.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: '{"mock": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error?: { code?: string } }).error?.code).toBe('invalid_json');
    expect(parsePrismLog(prism.output()).forwarded).toBe(0);
  });
});
