/**
 * The suite proves it can fail: for every named fault modifier of every mock (the provider's own and the
 * kernel's generic ones), the conformance tests run against the mock with that one fault switched on, and the
 * check or scenario it breaks must fail with a message that names the deviation.
 */
import { expect, test } from '@playwright/test';
import { GENERIC_FAULTS } from '../../mocks/kernel';
import { loadMockDefinition } from '../../mocks/registry';
import type { FaultDefinition } from '../../mocks/kernel/types';
import { isCouldNotRunError } from '../../src/errors';
import { PROVIDERS } from '../../src/openapi';
import { runConformance } from './harness';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Caught {
  fault: string;
  caught: boolean;
  detail: string;
}

/** The provider's own faults and the generic ones that can change anything for its spec. */
async function faultsOf(provider: string): Promise<{ faults: FaultDefinition[]; notApplicable: string[] }> {
  const def = await loadMockDefinition(provider);
  const extra = def.genericFaultBreaks ?? {};
  const generic = GENERIC_FAULTS.map((f) => ({ ...f, breaks: [...f.breaks, ...(extra[f.name] ?? [])] }));
  const applies = (f: FaultDefinition) => !f.appliesTo || f.appliesTo(def.spec);
  return { faults: [...def.faults, ...generic.filter(applies)], notApplicable: generic.filter((f) => !applies(f)).map((f) => f.name) };
}

async function tryFault(provider: string, fault: FaultDefinition): Promise<Caught> {
  const ids = [...new Set(fault.breaks)];
  const grep = `(^|\\s)(${ids.map(escapeRe).join('|')})\\s`;
  // The run is limited to the IDs the fault breaks and stops at the first failure: that failure is the proof.
  const run = await runConformance({ providers: [provider], grep, maxFailures: 1, env: { CONFORMANCE_FAULTS: fault.name, CONFORMANCE_WORKERS: '1' } });
  const failed = run.tests.filter((t) => (t.status === 'failed' || t.status === 'timedOut') && t.id && ids.includes(t.id));
  // A deviation is a contract failure with a message; a request that got no answer (HttpError) proves nothing.
  const named = failed.filter((t) => t.error.trim().length > 0 && !isCouldNotRunError(t.error));
  if (run.tests.length === 0) return { fault: fault.name, caught: false, detail: `no test matched ${ids.join(', ')}:\n${run.stderr.slice(-1500)}` };
  if (named.length === 0) return { fault: fault.name, caught: false, detail: `no test of ${ids.join(', ')} failed (${run.tests.length} ran: ${run.tests.map((t) => `${t.id}:${t.status}`).join(' ')})` };
  return { fault: fault.name, caught: true, detail: `${named.length} failing: ${named.map((t) => t.title).slice(0, 3).join(' | ')}` };
}

for (const provider of PROVIDERS) {
  test(`every fault modifier of the ${provider} mock is caught by the check or scenario it breaks`, async ({}, testInfo) => {
    test.setTimeout(1_800_000);
    const { faults, notApplicable } = await faultsOf(provider);
    expect(faults.length).toBeGreaterThan(0);
    if (notApplicable.length) testInfo.annotations.push({ type: 'not applicable', description: `${notApplicable.join(', ')}: the ${provider} spec gives them nothing to break` });
    const results: Caught[] = [];
    for (const fault of faults) {
      await test.step(`${fault.name} breaks ${fault.breaks.join(', ')}`, async () => {
        const started = Date.now();
        const result = await tryFault(provider, fault);
        console.log(`${result.caught ? 'caught' : 'MISSED'} ${fault.name} (${Math.round((Date.now() - started) / 1000)} s)`);
        results.push(result);
      });
    }
    const caught = results.filter((r) => r.caught).length;
    const line = `modifiers caught (${provider}): ${caught}/${results.length}`;
    console.log(line);
    testInfo.annotations.push({ type: 'modifiers caught', description: line });
    await testInfo.attach('fault-results.json', { body: JSON.stringify(results, null, 2), contentType: 'application/json' });
    expect(results.filter((r) => !r.caught).map((r) => `${r.fault}: ${r.detail}`)).toEqual([]);
  });
}
