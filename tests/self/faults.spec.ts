/**
 * The suite proves it can fail: for every named fault modifier of every mock (the provider's own and the
 * kernel's generic ones), the conformance tests run against the mock with that one fault switched on, and the
 * check or scenario it breaks must fail with a message that names the deviation.
 *
 * The faults that only the deeper generated phases break (GEN-REQEXAMPLES, GEN-BOUNDARY, GEN-FUZZ, GEN-STATEFUL)
 * are also run against every other test of the suite, which must all pass: the earlier checks alone miss them. The
 * sweep prints its count per phase. FAULT_SWEEP_ONLY=<name,...> limits a local run to some faults.
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
  /** The IDs of the tests that failed with a contract failure. */
  failedIds: string[];
  /** For a fault only the deep phases break: the tests of the earlier checks that failed with it on (must be none). */
  missedByEarlier?: { ran: number; failed: string[] };
}

/** The deeper generated phases (tests/conformance/deep.ts). */
const DEEP_PHASES = ['GEN-REQEXAMPLES', 'GEN-BOUNDARY', 'GEN-FUZZ', 'GEN-STATEFUL'];
/** Every test but the deep phases' (Playwright matches grep against project, file, describe and title together). */
const WITHOUT_DEEP = `^(?!.*\\b(${DEEP_PHASES.join('|')})\\s)`;
const onlyDeep = (f: FaultDefinition) => f.breaks.length > 0 && f.breaks.every((id) => DEEP_PHASES.includes(id));
/** The phase a fault is counted under: the deep phase it breaks, or the earlier checks and scenarios. */
const phaseOf = (f: FaultDefinition) => f.breaks.find((id) => DEEP_PHASES.includes(id)) ?? 'earlier checks and scenarios';

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
  const failedIds = [...new Set(named.map((t) => t.id!))];
  if (run.tests.length === 0) return { fault: fault.name, caught: false, failedIds, detail: `no test matched ${ids.join(', ')}:\n${run.stderr.slice(-1500)}` };
  if (named.length === 0) return { fault: fault.name, caught: false, failedIds, detail: `no test of ${ids.join(', ')} failed (${run.tests.length} ran: ${run.tests.map((t) => `${t.id}:${t.status}`).join(' ')})` };
  return { fault: fault.name, caught: true, failedIds, detail: `${named.length} failing: ${named.map((t) => t.title).slice(0, 3).join(' | ')}` };
}

/** Runs every test but the deep phases' with the fault on: what the earlier checks and scenarios catch of it. */
async function earlierChecks(provider: string, fault: FaultDefinition): Promise<{ ran: number; failed: string[] }> {
  const run = await runConformance({ providers: [provider], grep: WITHOUT_DEEP, env: { CONFORMANCE_FAULTS: fault.name } });
  const failed = run.tests.filter((t) => t.status === 'failed' || t.status === 'timedOut').map((t) => t.title);
  return { ran: run.tests.filter((t) => t.status !== 'skipped').length, failed };
}

for (const provider of PROVIDERS) {
  test(`every fault modifier of the ${provider} mock is caught by the check or scenario it breaks`, async ({}, testInfo) => {
    test.setTimeout(1_800_000);
    const { faults: all, notApplicable } = await faultsOf(provider);
    const only = (process.env.FAULT_SWEEP_ONLY ?? '').split(',').map((n) => n.trim()).filter(Boolean);
    const faults = only.length ? all.filter((f) => only.includes(f.name)) : all;
    expect(all.length).toBeGreaterThan(0);
    if (notApplicable.length) testInfo.annotations.push({ type: 'not applicable', description: `${notApplicable.join(', ')}: the ${provider} spec gives them nothing to break` });
    const results: Caught[] = [];
    for (const fault of faults) {
      await test.step(`${fault.name} breaks ${fault.breaks.join(', ')}`, async () => {
        const started = Date.now();
        const result = await tryFault(provider, fault);
        if (onlyDeep(fault)) {
          // Proof that it finds more: the tests that caught it are the deep phases', and the earlier ones miss it.
          result.missedByEarlier = await earlierChecks(provider, fault);
          if (result.failedIds.some((id) => !DEEP_PHASES.includes(id))) Object.assign(result, { caught: false, detail: `caught by ${result.failedIds.join(', ')}, not only by the deep phases` });
          if (result.missedByEarlier.ran === 0 || result.missedByEarlier.failed.length) Object.assign(result, { caught: false, detail: `the earlier checks (${result.missedByEarlier.ran} tests) should miss it; failing: ${result.missedByEarlier.failed.slice(0, 3).join(' | ')}` });
        }
        console.log(`${result.caught ? 'caught' : 'MISSED'} ${fault.name} (${Math.round((Date.now() - started) / 1000)} s)${result.missedByEarlier ? (result.missedByEarlier.failed.length ? `, but ${result.missedByEarlier.failed.length} of the ${result.missedByEarlier.ran} earlier tests catch it too` : `, missed by the ${result.missedByEarlier.ran} earlier tests`) : ''}`);
        results.push(result);
      });
    }
    const caught = results.filter((r) => r.caught).length;
    const line = `modifiers caught (${provider}): ${caught}/${results.length}`;
    console.log(line);
    testInfo.annotations.push({ type: 'modifiers caught', description: line });
    const phases = [...new Set([...DEEP_PHASES, 'earlier checks and scenarios'])].map((phase) => {
      const mine = faults.filter((f) => phaseOf(f) === phase);
      return { phase, caught: results.filter((r) => r.caught && mine.some((f) => f.name === r.fault)).length, total: mine.length };
    });
    const byPhase = `modifiers caught per phase (${provider}): ${phases.map((p) => `${p.phase} ${p.caught}/${p.total}`).join(', ')}`;
    console.log(byPhase);
    testInfo.annotations.push({ type: 'modifiers caught per phase', description: byPhase });
    await testInfo.attach('fault-results.json', { body: JSON.stringify(results, null, 2), contentType: 'application/json' });
    expect(results.filter((r) => !r.caught).map((r) => `${r.fault}: ${r.detail}`)).toEqual([]);
  });
}
