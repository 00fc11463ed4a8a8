/**
 * A short markdown summary of the report model, for $GITHUB_STEP_SUMMARY: verdict, matrix, failures, not-run IDs
 * and what changed since the last run. The full detail stays in index.html and results.json.
 */
import { COUNT_LABELS, type ConformanceReport, type Counts } from './model';

/** Most failures listed by name; the rest are counted. */
const MAX_LISTED = 20;

/** Text from tests and providers, made inert: no raw HTML, no table-breaking pipes, one line. */
const cell = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** "2 passed · 1 failed", only the counts that are not zero; "–" for an empty cell. */
const counts = (c: Counts) => COUNT_LABELS.filter(([k]) => c[k] > 0).map(([k, label]) => `${c[k]} ${label}`).join(' · ') || '–';

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const out = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) out.push(`- … and ${items.length - MAX_LISTED} more (see index.html)`);
  return out;
}

export function renderMarkdown(r: ConformanceReport): string {
  const s = r.summary;
  const lines = [
    `## Conformance: ${r.verdict}`,
    '',
    `Target ${r.run.target} (${r.run.environment}), ${r.run.finished} of ${r.run.planned} tests finished, suite ${r.run.suiteVersion}.`,
    '',
    ...r.verdictReasons.map((reason) => `- ${cell(reason)}`),
    '',
    `| provider | verdict | ${s.areas.join(' | ')} |`,
    `|---|---|${s.areas.map(() => '---|').join('')}`,
    ...s.rows.map((row) => `| ${row.provider} | ${row.verdict} | ${s.areas.map((a) => counts(row.cells[a]!)).join(' | ')} |`),
    '',
  ];
  const failing = r.failures.filter((f) => f.status === 'failed');
  const observed = (f: (typeof failing)[number]) => f.observed.map((o) => ` (publicly observed since ${o.since || 'an unknown date'}: ${cell(o.behaviour)})`).join('');
  // The same grouping as the report: one line per distinct problem, its tests under it.
  const problems = r.problems.filter((g) => g.status === 'failed');
  const byTitle = new Map(failing.map((f) => [`${f.provider}\0${f.fullTitle}`, f]));
  if (problems.length) {
    lines.push(`### Distinct problems (${problems.length}; ${failing.length} failing tests)`, '');
    lines.push(
      ...listed(problems, (g) => {
        const tests = g.tests.map((t) => byTitle.get(`${g.provider}\0${t}`)).filter((f) => f !== undefined);
        const head = `- **${g.provider}** ${cell(g.title)} (${g.check}; ${tests.length} ${tests.length === 1 ? 'test' : 'tests'}${g.operations.length ? `, ${g.operations.length} ${g.operations.length === 1 ? 'operation' : 'operations'}` : ''})`;
        const shown = tests.slice(0, 5).map((f) => `  - ${cell(f.fullTitle)}${observed(f)}${f.rerun ? ` — \`${cell(f.rerun).replace(/`/g, "'")}\`` : ''}`);
        if (tests.length > 5) shown.push(`  - … and ${tests.length - 5} more tests`);
        return [head, ...shown].join('\n');
      }),
      '',
    );
  }
  if (r.additiveDrift.length) lines.push(`### Additive drift (${r.additiveDrift.length} undeclared fields, warnings)`, '', ...listed(r.additiveDrift, (d) => `- ${d.provider} ${d.operationId ?? ''}: \`${cell(d.field)}\``), '');
  if (r.cleanup?.leftBehind.length) lines.push(`### Left on the sandbox (${r.cleanup.leftBehind.length} of ${r.cleanup.created} created)`, '', ...listed(r.cleanup.leftBehind, (l) => `- ${l.provider} ${l.createdBy} \`${cell(JSON.stringify(l.pathParams ?? l.json ?? {}))}\`: ${cell(l.reason ?? '')}`), '');
  const notRun = r.ids.filter((i) => i.status === 'not-run');
  if (notRun.length) lines.push(`### Catalog IDs without a test (${notRun.length})`, '', ...listed(notRun, (i) => `- ${i.provider} ${i.id}`), '');
  if (r.sinceLastRun) {
    const since = r.sinceLastRun;
    lines.push('### Since the last run', '', `${since.newlyFailing.length} newly failing, ${since.newlyPassing.length} newly passing.`, '');
    lines.push(...listed(since.newlyFailing, (c) => `- newly failing: ${c.provider} ${c.kind} ${cell(c.name)}`), '');
  }
  return `${lines.join('\n')}\n`;
}
