/**
 * Load on the built-in mocks (issue 7): each mock holds 200 concurrent connections for 20,000 requests (every read
 * of its spec with valid credentials, and the same without credentials) with no transport error, no 5xx, every
 * answer the one the same request gets alone, and bounded memory. Figures go to the annotations; no timing is
 * asserted (that is `npm run bench`).
 */
import { expect, test } from '@playwright/test';
import { Pool } from 'undici';
import { exampleQuery } from '../../src/adapters/spec-examples';
import { fillPathTemplate, PROVIDERS, type OperationInfo, type ProviderName } from '../../src/openapi';
import { authHeaders, garbageCollector, MB, send, startProviderMock, type Exchange, type Fixtures, type MockUnderTest } from './support';

const CONNECTIONS = 200;
const REQUESTS = 20_000;
/** Growth of the heap (after a full collection) that counts as a leak; generous, the mock and client share the process. */
const HEAP_GROWTH_LIMIT = 100 * MB;

function queryString(op: OperationInfo): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(exampleQuery(op))) for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Every read-only GET of the spec with the instance's credentials and ids, and each one again without credentials. */
function readMix(mut: MockUnderTest, fx: Fixtures): Exchange[] {
  const basePath = new URL(mut.mock.baseUrl).pathname.replace(/\/$/, '');
  const reads = [...mut.spec.operations.values()].filter((op) => op.method === 'get' && !op.conformance.mutates);
  return reads.flatMap((op) => {
    const pathParams = Object.fromEntries(
      op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, fx.ids[p.name]?.[0] ?? String(p.example ?? p.examples[0] ?? 'x')]),
    );
    const path = basePath + fillPathTemplate(op.path, pathParams) + queryString(op);
    const auth = op.security[0] ? authHeaders(mut.provider, op.security[0], (scheme) => fx.credentials[scheme]?.[0]) : {};
    return [
      { method: 'GET', path, headers: auth ?? {} },
      { method: 'GET', path, headers: {} },
    ];
  });
}

interface Figures {
  requests: number;
  errors: number;
  peakConnections: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  rssBeforeMB: number;
  peakRssMB: number;
  rssAfterMB: number;
  durationS: number;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

for (const provider of PROVIDERS as readonly ProviderName[]) {
  test(`the ${provider} mock answers ${REQUESTS} requests over ${CONNECTIONS} concurrent connections without errors and with bounded memory`, async ({}, testInfo) => {
    test.setTimeout(90_000);
    const mut = await startProviderMock(provider);
    const pool = new Pool(new URL(mut.mock.baseUrl).origin, { connections: CONNECTIONS, pipelining: 1 });
    const errors: string[] = [];
    let figures: Figures;
    try {
      const mix = readMix(mut, await mut.prepare());
      // What each request of the mix gets alone: the answer it must get under load too.
      const expected: number[] = [];
      for (const ex of mix) expected.push((await send(pool, ex)).status);
      expect(expected.filter((s) => s >= 200 && s < 300).length, `statuses alone: ${expected.join(', ')}`).toBeGreaterThan(0);
      expect(expected.filter((s) => s >= 500)).toEqual([]);

      const collect = garbageCollector();
      collect();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakConnections = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        peakConnections = Math.max(peakConnections, pool.stats.connected);
      }, 25);
      const started = Date.now();
      let next = 0;
      let done = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < REQUESTS) {
            const i = next++;
            const ex = mix[i % mix.length]!;
            try {
              const reply = await send(pool, ex);
              if (reply.status !== expected[i % mix.length]) errors.push(`#${i} ${ex.method} ${ex.path}: ${reply.status}, alone ${expected[i % mix.length]} (${reply.text.slice(0, 200)})`);
            } catch (err) {
              errors.push(`#${i} ${ex.method} ${ex.path}: ${(err as Error).message}`);
            }
            done += 1;
            peakConnections = Math.max(peakConnections, pool.stats.connected);
          }
        }),
      );
      const durationS = (Date.now() - started) / 1000;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      collect();
      const after = process.memoryUsage();
      figures = {
        requests: done,
        errors: errors.length,
        peakConnections,
        heapBeforeMB: mb(before.heapUsed),
        heapAfterMB: mb(after.heapUsed),
        rssBeforeMB: mb(before.rss),
        peakRssMB: mb(peakRss),
        rssAfterMB: mb(after.rss),
        durationS,
      };
    } finally {
      await pool.close();
      await mut.mock.close();
    }
    const line = `load ${provider}: ${figures.requests} requests over ${figures.peakConnections} connections, ${figures.errors} errors, heap ${figures.heapBeforeMB} -> ${figures.heapAfterMB} MB, RSS ${figures.rssBeforeMB} MB (peak ${figures.peakRssMB}, after ${figures.rssAfterMB}), ${figures.durationS.toFixed(1)} s`;
    console.log(line);
    testInfo.annotations.push({ type: 'load', description: line });
    expect(errors.slice(0, 10), line).toEqual([]);
    expect(figures.requests).toBe(REQUESTS);
    expect(figures.peakConnections, 'connections open at once').toBe(CONNECTIONS);
    expect(figures.heapAfterMB - figures.heapBeforeMB, line).toBeLessThan(HEAP_GROWTH_LIMIT / MB);
    expect(mut.logs, 'handler crashes logged by the kernel').toEqual([]);
    expect(mut.mock.drift()).toEqual([]);
  });
}
