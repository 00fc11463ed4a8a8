/**
 * JUnit XML of the report model, for CI: one <testsuite> per provider, one <testcase> per test. A contract failure
 * (drift) is a <failure>, a test that could not run (no answer, refused credentials, a target that stopped answering)
 * an <error>, a skipped test <skipped> with its reason; known drift passes with its reason in <system-out>. Written
 * from the model rather than by Playwright's JUnit reporter, which would count the contract failures the suite marks
 * as expected (to keep its workers) as passes.
 */
import type { ConformanceReport, FailureReport, ProblemGroup, TestReport } from './model';

/** Text for an XML attribute or element: the five entities, and no control character XML 1.0 forbids. */
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureBody(f: FailureReport, problem: ProblemGroup | undefined): string {
  const lines = [f.message];
  if (problem) lines.unshift(`Distinct problem ${problem.id}: ${problem.title} (${problem.tests.length} ${problem.tests.length === 1 ? 'test' : 'tests'} share it)`, '');
  if (f.rerun) lines.push('', `Run it again: ${f.rerun}`);
  if (f.expected) lines.push('', `Expected: ${f.expected}`);
  if (f.received) lines.push(`Received: ${f.received}`);
  for (const o of f.observed) lines.push('', `Publicly observed since ${o.since || 'an unknown date'}: ${o.behaviour} (${o.source})`);
  return lines.join('\n');
}

function testcase(t: TestReport, failure: FailureReport | undefined, problems: Map<string, ProblemGroup>): string {
  const open = `    <testcase name="${xml(t.title)}" classname="${xml(`${t.provider}.${t.file}`)}" time="${seconds(t.durationMs)}"`;
  if (t.status === 'skipped') return `${open}>\n      <skipped message="${xml(t.skipReason ?? 'skipped')}"/>\n    </testcase>`;
  if (t.status === 'known') return `${open}>\n      <system-out>${xml(`Known drift: ${t.knownReason ?? ''}`)}</system-out>\n    </testcase>`;
  if (t.status === 'failed' && failure) {
    const tag = failure.cause === 'could-not-run' ? 'error' : 'failure';
    const type = failure.cause === 'could-not-run' ? 'could-not-run' : (failure.checks.find((c) => c.severity === 'error')?.check ?? failure.id ?? 'contract');
    const problem = failure.problem ? problems.get(failure.problem) : undefined;
    const message = problem ? `[${problem.id}] ${problem.title}` : failure.message.split('\n')[0]!;
    return `${open}>\n      <${tag} message="${xml(message)}" type="${xml(type)}">${xml(failureBody(failure, problem))}</${tag}>\n    </testcase>`;
  }
  return `${open}/>`;
}

export function renderJunit(r: ConformanceReport): string {
  const problems = new Map(r.problems.map((g) => [g.id, g]));
  const byTest = new Map(r.failures.filter((f) => f.source === 'test').map((f) => [`${f.provider}\0${f.fullTitle}`, f]));
  const suites = r.run.providers.map((p) => {
    const tests = r.tests.filter((t) => t.provider === p.provider);
    const failureOf = (t: TestReport) => byTest.get(`${t.provider}\0${t.fullTitle}`);
    const failed = tests.filter((t) => t.status === 'failed');
    const errors = failed.filter((t) => failureOf(t)?.cause === 'could-not-run').length;
    const time = tests.reduce((sum, t) => sum + t.durationMs, 0);
    return [
      `  <testsuite name="${xml(p.provider)}" tests="${tests.length}" failures="${failed.length - errors}" errors="${errors}" skipped="${tests.filter((t) => t.status === 'skipped').length}" time="${seconds(time)}">`,
      `    <properties><property name="distinct problems" value="${r.problems.filter((g) => g.provider === p.provider && g.status === 'failed').length}"/></properties>`,
      ...tests.map((t) => testcase(t, failureOf(t), problems)),
      '  </testsuite>',
    ].join('\n');
  });
  const all = r.tests;
  const failed = all.filter((t) => t.status === 'failed');
  const errors = r.failures.filter((f) => f.source === 'test' && f.status === 'failed' && f.cause === 'could-not-run').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="conformance (${xml(r.verdict)})" tests="${all.length}" failures="${failed.length - errors}" errors="${errors}" skipped="${all.filter((t) => t.status === 'skipped').length}" time="${seconds(r.run.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
