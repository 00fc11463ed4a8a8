/**
 * The specs against the public record: every case of the fidelity corpus (tests/fidelity/<provider>/cases.json) is
 * judged against its provider's spec, and every fact the corpus covers names the spec elements that resolve it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadSpec, PROJECT_ROOT, PROVIDERS } from '../../src/openapi';
import { factProblems, judge, loadCases, loadFacts, surveyEntries, uncoveredSurveyEntries, type FidelityCase, type Verdict } from './corpus';

/** The team's survey of the public record, beside the project (as the catalog's source is). */
const SURVEY = path.join(PROJECT_ROOT, '..', 'shared', 'provider-docs', 'PUBLIC-FACTS.md');

const describe = (v: Verdict) =>
  `${v.case.id} (${v.case.kind} ${v.case.method.toUpperCase()} ${v.case.path}${v.case.kind === 'response' ? ` ${v.case.status}` : ''}, expected ${v.case.expect}${v.case.refusedAt ? ` at ${v.case.refusedAt}` : ''}; source: ${v.case.source})\n` +
  (v.problems.length ? v.problems.map((p) => `    - ${p.origin}: ${p.message}`).join('\n') : '    - no problem found');

test('public-record cases agree with the specs, and every fact names the spec elements that resolve it', async ({}, testInfo) => {
  let total = 0;
  let agreeing = 0;
  const disagreements: string[] = [];
  for (const provider of PROVIDERS) {
    const spec = await loadSpec(provider);
    const facts = loadFacts(provider);
    const cases = loadCases(provider);
    const verdicts = cases.map((c) => judge(spec, c));
    total += verdicts.length;
    agreeing += verdicts.filter((v) => v.agrees).length;
    for (const v of verdicts.filter((x) => !x.agrees)) disagreements.push(`${provider}: ${describe(v)}`);

    const known = new Set(facts.map((f) => f.id));
    const covered = new Set(cases.flatMap((c) => c.facts));
    for (const f of facts.filter((x) => !covered.has(x.id))) disagreements.push(`${provider}: fact ${f.id} has no case (${f.fact})`);
    for (const c of cases) for (const id of c.facts.filter((x) => !known.has(x))) disagreements.push(`${provider}: case ${c.id} names an unknown fact ${id}`);
    for (const p of factProblems(spec, facts)) disagreements.push(`${provider}: ${p}`);
    const ids = cases.map((c) => c.id);
    for (const id of ids.filter((x, i) => ids.indexOf(x) !== i)) disagreements.push(`${provider}: case id ${id} is used twice`);
    if (facts.length === 0) disagreements.push(`${provider}: tests/fidelity/${provider}/facts.json lists no fact`);
    if (!verdicts.some((v) => v.case.expect === 'refused' && v.agrees)) disagreements.push(`${provider}: no case the public record says must be refused is shown refused`);

    const refused = verdicts.filter((v) => v.case.expect === 'refused').length;
    const line = `public-record cases (${provider}): ${verdicts.filter((v) => v.agrees).length}/${verdicts.length} agree (${refused} of them refused as the record says), ${facts.length} facts`;
    console.log(line);
    testInfo.annotations.push({ type: 'fidelity', description: line });
  }
  const line = `public-record cases: ${agreeing}/${total} agree`;
  console.log(line);
  testInfo.annotations.push({ type: 'fidelity', description: line });
  expect(disagreements, `The specs disagree with the public record:\n${disagreements.join('\n')}`).toEqual([]);
});

/** A copy of a case with one change the spec cannot accept. */
function withUndeclaredField(c: FidelityCase): FidelityCase | undefined {
  if (c.expect !== 'agree' || c.body === null || typeof c.body !== 'object') return undefined;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const extra = { fidelity_probe_undeclared: true };
  const body = Array.isArray(c.body) ? (isObject(c.body[0]) ? [{ ...c.body[0], ...extra }, ...c.body.slice(1)] : undefined) : { ...(c.body as object), ...extra };
  return body === undefined ? undefined : { ...c, id: `${c.id} + an undeclared field`, body };
}

test('the fidelity judge refuses what a spec does not document: an undeclared field or query parameter, an unknown path, a missing credential', async () => {
  for (const provider of PROVIDERS) {
    const spec = await loadSpec(provider);
    const cases = loadCases(provider);
    const withField = cases.map(withUndeclaredField).filter((c): c is FidelityCase => c !== undefined);
    expect(withField.length, `${provider} has a case with a JSON object body`).toBeGreaterThan(0);
    for (const c of withField) {
      const v = judge(spec, c);
      expect(v.agrees, `${provider} ${c.id}: an undeclared field must be refused`).toBe(false);
      expect(v.problems.map((p) => p.origin).join(' ')).toMatch(/^body|\sbody/);
    }
    const withQuery = cases.find((c) => c.kind === 'request' && c.expect === 'agree');
    if (withQuery) {
      const v = judge(spec, { ...withQuery, query: { ...((withQuery as { query?: Record<string, string> }).query ?? {}), fidelity_probe_param: '1' } } as FidelityCase);
      expect(v.problems.map((p) => p.origin), `${provider} ${withQuery.id} with an undeclared query parameter`).toContain('query.fidelity_probe_param');
    }
    const first = cases[0]!;
    expect(judge(spec, { ...first, path: '/fidelity-probe/no-such-path', expect: 'agree' }).problems.map((p) => p.origin)).toContain('route');
    const secured = cases.find((c) => c.kind === 'request' && c.expect === 'agree' && judge(spec, c).op?.security.every((alt) => alt.length > 0));
    if (secured) {
      const v = judge(spec, { ...secured, headers: { 'Content-Type': 'application/json' }, query: {} } as FidelityCase);
      expect(v.problems.map((p) => p.origin), `${provider} ${secured.id} without credentials`).toContain('security');
    }
  }
});

test('every entry of the second public-record survey is resolved by a fact of the corpus', async () => {
  test.skip(!fs.existsSync(SURVEY), `The survey (${path.relative(PROJECT_ROOT, SURVEY)}) is not beside this checkout.`);
  const entries = surveyEntries(fs.readFileSync(SURVEY, 'utf8'));
  expect(entries.length, 'the survey has a "Second survey" section with entries').toBeGreaterThan(0);
  const facts = PROVIDERS.flatMap((p) => loadFacts(p));
  const uncovered = uncoveredSurveyEntries(entries, facts);
  console.log(`second-survey entries resolved by a fact: ${entries.length - uncovered.length}/${entries.length}`);
  expect(uncovered, 'survey entries no fact names in its "survey" field').toEqual([]);
});
