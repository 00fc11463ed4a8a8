/**
 * Renders the report model as one self-contained HTML page: inline CSS and JS, no network, opens from disk.
 * Every value goes through the `h` template tag, which escapes it unless it is already rendered markup, so no string
 * from a test, a spec or a provider's response can become markup. The model itself is embedded as JSON in
 * <script type="application/json" id="report-data"> for tools and tests.
 */
import type { Exchange } from '../src/http/types';
import type { Diagnostic } from '../src/openapi';
import { COUNT_LABELS, type CheckReport, type ConformanceReport, type Counts, type FailureReport, type IdResult, type ProblemGroup, type ProviderCoverage, type TestReport } from './model';

/** Markup that is already escaped. */
class Markup {
  constructor(readonly text: string) {}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function renderValue(value: unknown): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Template tag: escapes every interpolated value (arrays are concatenated; null, undefined and false render nothing). */
function h(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  return new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? renderValue(values[i]) : ''), ''));
}

/** Inline Markdown of catalog and spec texts: `code` spans become <code>; everything else is escaped text. */
export function inlineMarkdown(text: string): Markup {
  return new Markup(escapeHtml(text).replace(/`([^`\n]+)`/g, '<code>$1</code>'));
}

/** The model as JSON that cannot close the script element it sits in. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const STATUSES = ['failed', 'known', 'passed', 'skipped', 'not-run'] as const;

const badge = (status: string) => h`<span class="badge s-${status}">${status}</span>`;

function countsCell(c: Counts): Markup {
  const parts = COUNT_LABELS.filter(([k]) => c[k] > 0).map(([k, label]) => h`<span class="n s-${label}" title="${label}">${c[k]} ${label}</span>`);
  return parts.length ? h`${parts}` : h`<span class="none">–</span>`;
}

function header(r: ConformanceReport): Markup {
  return h`<header>
<h1>Conformance report</h1>
<p>Verdict: <strong id="verdict" class="verdict v-${r.verdict}">${r.verdict}</strong> · target ${r.run.target} (${r.run.environment}) · started ${r.run.startedAt} · ${Math.round(r.run.durationMs / 1000)} s${r.run.complete ? '' : ' · incomplete run'}</p>
<ul class="reasons">${r.verdictReasons.map((reason) => h`<li>${inlineMarkdown(reason)}</li>`)}</ul>
<p id="health-data" data-health-data="${r.run.healthData}" class="${r.run.healthData === 'hidden' ? 'note' : 'muted'}">${r.run.healthData === 'hidden' ? h`Health data hidden: every field the specs mark <code>x-health-data</code> shows a typed placeholder (<code>&lt;number&gt;</code>, <code>&lt;date-time&gt;</code>, <code>&lt;string&gt;</code>) in this report and every artifact; the checks judged the real values. <code>--show-health-data</code> keeps them for a private run.` : h`Health data shown as received (synthetic data of a sandbox or the mocks; <code>--hide-health-data</code> hides it).`} All exchanges: <a href="${r.run.har}">${r.run.har}</a> (HAR 1.2).</p>
</header>`;
}

function filters(r: ConformanceReport): Markup {
  return h`<nav class="filters" aria-label="Filters">
<label>Provider <select id="filter-provider"><option value="">all providers</option>${r.run.providers.map((p) => h`<option value="${p.provider}">${p.provider}</option>`)}</select></label>
<label>Status <select id="filter-status"><option value="">all statuses</option>${STATUSES.map((s) => h`<option value="${s}">${s}</option>`)}</select></label>
</nav>`;
}

const BAR_ORDER: (keyof Counts)[] = ['passed', 'failed', 'skipped', 'known'];

/** A bar per provider: passed / failed / skipped / known tests, each segment as wide as its count. */
function bars(r: ConformanceReport): Markup {
  return h`<div class="bars">${r.summary.rows.map((row) => {
    const label = BAR_ORDER.map((k) => `${row.total[k]} ${k}`).join(', ');
    return h`<div class="bar-row" data-provider="${row.provider}"><span class="bar-name">${row.provider}</span><div class="bar" role="img" aria-label="${row.provider}: ${label}" title="${label}">${BAR_ORDER.filter((k) => row.total[k] > 0).map((k) => h`<span class="seg s-${k}" data-kind="${k}" data-count="${row.total[k]}" style="flex-grow:${row.total[k]}">${row.total[k]}</span>`)}</div></div>`;
  })}</div>`;
}

function matrix(r: ConformanceReport): Markup {
  const s = r.summary;
  return h`<section id="summary"><h2>Summary</h2>${bars(r)}
<table class="matrix"><thead><tr><th>provider</th><th>verdict</th>${s.areas.map((a) => h`<th>${a}</th>`)}<th>total</th></tr></thead>
<tbody>${s.rows.map((row) => h`<tr data-provider="${row.provider}"><th>${row.provider}</th><td><span class="verdict v-${row.verdict}">${row.verdict}</span></td>${s.areas.map((a) => h`<td>${countsCell(row.cells[a]!)}</td>`)}<td>${countsCell(row.total)}</td></tr>`)}</tbody>
<tfoot><tr><th>all</th><td><span class="verdict v-${r.verdict}">${r.verdict}</span></td><td colspan="${s.areas.length}"></td><td>${countsCell(s.total)}</td></tr></tfoot></table></section>`;
}

function sinceLastRun(r: ConformanceReport): Markup {
  const since = r.sinceLastRun;
  if (!since) return h`<section id="since-last-run"><h2>Since the last run</h2><p>No previous results to compare with.</p></section>`;
  const list = (title: string, items: typeof since.newlyFailing) =>
    h`<h3>${title} (${items.length})</h3>${items.length ? h`<ul>${items.map((c) => h`<li data-provider="${c.provider}">${c.provider} · ${c.kind} <code>${c.name}</code>: ${c.previous} → ${c.current}</li>`)}</ul>` : h`<p>None.</p>`}`;
  return h`<section id="since-last-run"><h2>Since the last run</h2>
<p>Compared with ${since.source}${since.previousStartedAt ? h` (run of ${since.previousStartedAt}, verdict ${since.previousVerdict})` : ''}.</p>
${since.note ? h`<p class="note">${since.note}</p>` : ''}${list('Newly failing', since.newlyFailing)}${list('Newly passing', since.newlyPassing)}</section>`;
}

function diagnosticsTable(diagnostics: Diagnostic[]): Markup {
  if (!diagnostics.length) return h``;
  return h`<table class="diagnostics"><thead><tr><th>code</th><th>value pointer</th><th>schema pointer</th><th>message</th></tr></thead>
<tbody>${diagnostics.map((d) => h`<tr><td>${d.code}</td><td><code>${d.pointer || '(root)'}</code></td><td><code>${d.schemaPointer}</code></td><td>${d.message}</td></tr>`)}</tbody></table>`;
}

function checkBlock(c: CheckReport): Markup {
  return h`<div class="check sev-${c.severity}"><p><strong>${c.check}</strong> ${c.title} <span class="muted">(${c.severity}, spec <code>${c.pointer}</code>)</span></p>
${c.context ? h`<p>${c.context}</p>` : ''}<dl class="er"><dt>Documented</dt><dd><pre>${c.documented ?? '(not stated)'}</pre></dd><dt>Received</dt><dd><pre>${c.received ?? '(not stated)'}</pre></dd></dl>
${diagnosticsTable(c.diagnostics)}</div>`;
}

const headerLines = (headers: Record<string, string>) => Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');

function exchangeBlock(e: Exchange, curl?: string): Markup {
  const outcome = e.response ? String(e.response.status) : `error ${e.error?.code ?? ''}`;
  return h`<details class="exchange"><summary><code>${e.request.method} ${e.request.url}</code> → ${outcome} (${e.durationMs} ms${e.attempts.length > 1 ? `, ${e.attempts.length} attempts` : ''})${e.label ? h` · ${e.label}` : ''}</summary>
${curl ? h`<h4>Replay</h4><pre class="curl">${curl}</pre>` : ''}<h4>Request</h4><pre>${headerLines(e.request.headers)}${e.request.body ? `\n\n${e.request.body}` : ''}</pre>
${e.response ? h`<h4>Response</h4><pre>${headerLines(e.response.headers)}${e.response.body ? `\n\n${e.response.body}` : ''}</pre>` : ''}
${e.error ? h`<p>${e.error.code}: ${e.error.message}</p>` : ''}
${e.attempts.filter((a) => a.retryReason).map((a) => h`<p class="muted">attempt ${a.attempt}: retried after ${a.retryReason} (waited ${a.waitedMs ?? 0} ms)</p>`)}</details>`;
}

function diffBlock(f: FailureReport): Markup {
  const d = f.diff;
  if (!d) return h``;
  return h`<div class="body-diff"><h4>Body at <code>${d.pointer || '(root)'}</code> against <code>${d.schemaPointer}</code></h4>
<pre class="diff">${d.lines.map((l) => h`<span class="d d-${l.sign === '-' ? 'minus' : l.sign === '+' ? 'plus' : 'same'}">${l.sign} ${l.text}
</span>`)}</pre>
<div class="side"><div><h4>Documented</h4><pre class="documented-schema">${d.documented}</pre></div><div><h4>Received</h4><pre class="received-body">${d.received}</pre></div></div></div>`;
}

function failureBlock(f: FailureReport): Markup {
  return h`<details class="failure" data-provider="${f.provider}" data-status="${f.status}" data-cause="${f.cause}" data-problem="${f.problem ?? ''}">
<summary>${badge(f.status)} <strong>${f.provider}</strong> ${f.fullTitle}${f.cause === 'could-not-run' ? h` <span class="note">(no answer to judge: could not run, not drift)</span>` : ''}</summary>
<div class="body">
<p class="muted">${f.file}${f.line ? `:${f.line}` : ''}</p>
${f.knownReason ? h`<p class="note">Known drift: ${f.knownReason}</p>` : ''}
${f.observed.map((o) => h`<p class="observed">Publicly observed since ${o.since || 'an unknown date'}: ${o.behaviour} <span class="muted">(${o.source}; on <code>${o.pointer}</code>; the spec keeps the documented contract)</span></p>`)}
<div class="side"><div><h4>Expected</h4><pre class="expected">${f.expected ?? '(see the message)'}</pre></div><div><h4>Received</h4><pre class="received">${f.received ?? '(see the message)'}</pre></div></div>
${diffBlock(f)}
${f.rerun ? h`<p>Run it again: <code class="rerun">${f.rerun}</code></p>` : ''}
${f.checks.map(checkBlock)}
<details class="message"><summary>Error message</summary><pre>${f.message}</pre></details>
${f.exchanges.length ? h`<h3>Exchanges (${f.exchanges.length}, redacted)</h3>${f.exchanges.map((e, i) => exchangeBlock(e, f.curl[i]))}` : ''}
${f.mockDrift.length ? h`<h3>Mock drift</h3><pre>${JSON.stringify(f.mockDrift, null, 2)}</pre>` : ''}
</div></details>`;
}

function problemBlock(g: ProblemGroup, r: ConformanceReport): Markup {
  const mine = r.failures.filter((f) => f.problem === g.id);
  return h`<details class="problem" data-provider="${g.provider}" data-status="${g.status}" data-problem="${g.id}" data-tests="${mine.length}">
<summary>${badge(g.status)} <strong>${g.provider}</strong> <span class="problem-title">${inlineMarkdown(g.title)}</span> <span class="muted">· ${g.check} · ${mine.length} ${mine.length === 1 ? 'test' : 'tests'}${g.operations.length ? ` · ${g.operations.length} ${g.operations.length === 1 ? 'operation' : 'operations'}` : ''}${g.cause === 'could-not-run' ? ' · could not run, not drift' : ''}</span></summary>
<div class="body">${g.operations.length ? h`<p class="muted">Operations: ${g.operations.map((o) => h`<code>${o}</code> `)}</p>` : ''}${g.ids.length ? h`<p class="muted">IDs: ${g.ids.map((i) => h`<code>${i}</code> `)}</p>` : ''}
${mine.map(failureBlock)}</div></details>`;
}

function failures(r: ConformanceReport): Markup {
  const failing = r.failures.filter((f) => f.status === 'failed').length;
  return h`<section id="failures"><h2>Distinct problems (${r.problems.length}; ${failing} failing, ${r.failures.length - failing} known)</h2>
${r.problems.length ? r.problems.map((g) => problemBlock(g, r)) : h`<p>No failure.</p>`}</section>`;
}

const idRow = (i: IdResult) =>
  h`<tr data-provider="${i.provider}" data-status="${i.status}"><td>${i.provider}</td><td><code>${i.id}</code>${i.inCatalog ? '' : ' (not in catalog)'}</td><td>${i.area}</td><td>${badge(i.status)}</td><td>${countsCell(i.counts)}</td><td>${i.reason ?? ''}</td><td class="behaviour">${inlineMarkdown(i.behaviour)}</td></tr>`;

function ids(r: ConformanceReport): Markup {
  return h`<section id="ids"><h2>Catalog IDs</h2>
<table><thead><tr><th>provider</th><th>ID</th><th>area</th><th>status</th><th>tests</th><th>reason</th><th>behaviour</th></tr></thead>
<tbody>${r.ids.map(idRow)}</tbody></table></section>`;
}

const testRow = (t: TestReport) =>
  h`<tr data-provider="${t.provider}" data-status="${t.status}"><td>${t.provider}</td><td>${badge(t.status)}</td><td>${t.fullTitle}</td><td>${t.skipReason ?? t.knownReason ?? ''}${t.warnings.map((w) => h`<div class="warning">${w}</div>`)}</td><td>${t.durationMs} ms</td></tr>`;

function tests(r: ConformanceReport): Markup {
  return h`<section id="tests"><details><summary><h2>All tests (${r.tests.length})</h2></summary>
<table><thead><tr><th>provider</th><th>status</th><th>test</th><th>reason, warnings</th><th>duration</th></tr></thead>
<tbody>${r.tests.map(testRow)}</tbody></table></details></section>`;
}

function coverageTable(c: ProviderCoverage): Markup {
  const state = (row: ProviderCoverage['rows'][number]) => (row.exercised ? 'exercised' : row.unreachable !== undefined ? 'unreachable' : 'missing');
  return h`<h3 data-provider="${c.provider}">${c.provider}: ${c.counts.exercised} of ${c.counts.documented} exercised, ${c.counts.unreachable} unreachable, ${c.counts.missing} missing</h3>
<table data-provider="${c.provider}"><thead><tr><th>operation</th><th>request</th><th>status</th><th>coverage</th><th>reason</th></tr></thead>
<tbody>${c.rows.map((row) => h`<tr data-coverage="${state(row)}"><td>${row.operationId}</td><td><code>${row.method.toUpperCase()} ${row.path}</code></td><td>${row.status}</td><td><span class="badge c-${state(row)}">${state(row)}</span></td><td>${row.unreachable ?? ''}</td></tr>`)}</tbody></table>`;
}

function coverage(r: ConformanceReport): Markup {
  return h`<section id="coverage"><h2>Coverage: documented operation × status</h2>${r.coverage.length ? r.coverage.map(coverageTable) : h`<p>No spec was loaded.</p>`}</section>`;
}

function decisions(r: ConformanceReport): Markup {
  return h`<section id="decisions"><h2>Spec decisions (${r.decisions.length})</h2><p>Where the provider's documentation is silent or contradicts itself, the spec decides and records it:</p>
<table><thead><tr><th>provider</th><th>where</th><th>decision</th></tr></thead>
<tbody>${r.decisions.map((d) => h`<tr data-provider="${d.provider}"><td>${d.provider}</td><td><code>${d.pointer}</code></td><td>${inlineMarkdown(d.text)}</td></tr>`)}</tbody></table></section>`;
}

function observations(r: ConformanceReport): Markup {
  if (r.observations.length === 0) return h``;
  return h`<section id="observations"><h2>Publicly observed behaviour (${r.observations.length})</h2><p>Behaviour third parties saw the real provider show against its documentation. The specs keep the documented contract; a failure of one of these elements shows the observation beside it:</p>
<table><thead><tr><th>provider</th><th>where</th><th>since</th><th>behaviour</th><th>source</th></tr></thead>
<tbody>${r.observations.map((o) => h`<tr data-provider="${o.provider}"><td>${o.provider}</td><td><code>${o.pointer}</code></td><td>${o.since}</td><td>${o.behaviour}</td><td>${o.source}</td></tr>`)}</tbody></table></section>`;
}

function additiveDrift(r: ConformanceReport): Markup {
  if (r.additiveDrift.length === 0) return h``;
  return h`<section id="additive-drift"><h2>Additive drift (${r.additiveDrift.length} fields)</h2><p>Fields the responses carried that the specs do not declare. Off the mock target they are warnings, because providers add fields without notice; <code>--strict</code> (or <code>CONFORMANCE_STRICT=1</code>) makes them failures.</p>
<table><thead><tr><th>provider</th><th>operation</th><th>field</th><th>schema</th><th>tests</th></tr></thead>
<tbody>${r.additiveDrift.map((d) => h`<tr data-provider="${d.provider}"><td>${d.provider}</td><td>${d.operationId ?? '–'}</td><td><code>${d.field}</code></td><td><code>${d.schemaPointer}</code></td><td>${d.tests}</td></tr>`)}</tbody></table></section>`;
}

function cleanup(r: ConformanceReport): Markup {
  const c = r.cleanup;
  if (!c) return h``;
  return h`<section id="cleanup"><h2>Clean-up of the sandbox</h2><p>The run created ${c.created} resources: ${c.removed} deleted at its end, ${c.alreadyGone} already gone, ${c.leftBehind.length} left on the sandbox${c.kept ? ' (kept with --keep)' : ''}.</p>
${c.leftBehind.length ? h`<table><thead><tr><th>provider</th><th>created by</th><th>delete with</th><th>which</th><th>why it is still there</th></tr></thead>
<tbody>${c.leftBehind.map((l) => h`<tr data-provider="${l.provider}"><td>${l.provider}</td><td>${l.createdBy}</td><td>${l.deleteWith}</td><td><code>${JSON.stringify(l.pathParams ?? l.json ?? {})}</code></td><td>${l.reason ?? ''}</td></tr>`)}</tbody></table>` : ''}</section>`;
}

function baselineAndDrift(r: ConformanceReport): Markup {
  const b = r.baseline;
  const baseline = b
    ? h`<section id="baseline"><h2>Known-drift baseline</h2><p>${b.file}: ${b.entries} entries, ${b.expired.length} expired, ${b.unused.length} unused.</p>${b.error ? h`<p class="note">${b.error}</p>` : ''}
${b.unused.length ? h`<p>Unused entries (no failure matched them): ${b.unused.map((e) => h`<code>${e.provider} ${e.id}</code> `)}</p>` : ''}</section>`
    : h``;
  const drift = r.mockDrift.length
    ? h`<section id="mock-drift"><h2>Mock drift</h2><p>Responses of the built-in mocks that their own spec does not allow:</p>${r.mockDrift.map((d) => h`<details data-provider="${d.provider}"><summary>${d.provider} ${d.fullTitle}</summary><pre>${JSON.stringify(d.drift, null, 2)}</pre></details>`)}</section>`
    : h``;
  return h`${baseline}${drift}`;
}

function metadata(r: ConformanceReport): Markup {
  const run = r.run;
  return h`<section id="metadata"><h2>Run</h2>
<dl class="meta"><dt>status</dt><dd>${run.status} (${run.finished} of ${run.planned} tests finished)</dd><dt>target</dt><dd>${run.target}</dd><dt>environment</dt><dd>${run.environment}</dd>
<dt>suite version</dt><dd>${run.suiteVersion}</dd><dt>Playwright</dt><dd>${run.playwrightVersion}</dd><dt>started</dt><dd>${run.startedAt}</dd><dt>duration</dt><dd>${run.durationMs} ms</dd></dl>
<table><thead><tr><th>provider</th><th>target</th><th>spec</th><th>documented server</th><th>requests went to</th></tr></thead>
<tbody>${run.providers.map((p) => h`<tr data-provider="${p.provider}"><td>${p.provider}</td><td>${p.target} (${p.environment})</td><td>${p.specError ?? `${p.specFile} v${p.specVersion}`}</td><td>${p.documentedServer ?? '–'}</td><td>${p.observedOrigins.join(', ') || '–'}</td></tr>`)}</tbody></table>
${run.errors.length ? h`<h3>Errors outside any test</h3>${run.errors.map((e) => h`<pre>${e}</pre>`)}` : ''}</section>`;
}

const STYLE = `
:root{font-family:system-ui,sans-serif;color:#1d1d1f;background:#fafafa}
body{margin:0 auto;max-width:1200px;padding:1rem 1.5rem}
[hidden]{display:none!important}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f3}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f6;padding:.5rem;margin:.25rem 0;max-height:24rem;overflow:auto}
code{font-size:.85em}
td code,.n,.badge{white-space:nowrap}
.filters{position:sticky;top:0;background:#fafafa;padding:.5rem 0;border-bottom:1px solid #ddd;display:flex;gap:1.5rem}
.verdict,.badge{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-weight:600}
.v-conform,.s-passed,.c-exercised{background:#d8f5dd;color:#17692a}
.v-drift,.s-failed,.c-missing{background:#fde0e0;color:#a01818}
.v-could-not-run,.s-not-run{background:#ece0fb;color:#5b2a99}
.s-known,.c-unreachable{background:#fff0c8;color:#7a5200}
.s-skipped{background:#eceff1;color:#455a64}
.n{display:inline-block;margin-right:.35rem;padding:0 .3rem;border-radius:.25rem;font-size:.8rem}
.none,.muted{color:#777}
details.failure{border:1px solid #ddd;border-radius:.4rem;margin:.5rem 0;background:#fff}
details.failure>summary{padding:.5rem;cursor:pointer}
details.failure .body{padding:0 .75rem .75rem}
dl.er{display:grid;grid-template-columns:8rem 1fr;gap:.25rem .75rem}
dl.meta{display:grid;grid-template-columns:10rem 1fr;gap:.2rem .75rem}
.note,.warning{background:#fff7e0;padding:.3rem .5rem}
.observed{background:#e8f0fe;padding:.3rem .5rem}
#tests summary h2{display:inline}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.side h4{margin:.25rem 0}
details.problem{border:2px solid #e3c4c4;border-radius:.5rem;margin:.75rem 0;background:#fffafa}
details.problem[data-status=known]{border-color:#ecdca8;background:#fffdf5}
details.problem>summary{padding:.6rem;cursor:pointer;font-size:1.02rem}
details.problem>.body{padding:0 .75rem .75rem}
pre.diff .d-minus{color:#a01818;background:#fde0e0}
pre.diff .d-plus{color:#17692a;background:#d8f5dd}
pre.curl,code.rerun{background:#1d1d1f;color:#f4f4f6}
code.rerun{padding:.15rem .35rem;border-radius:.25rem}
.bars{margin:.5rem 0 1rem}
.bar-row{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}
.bar-name{width:6rem;font-weight:600}
.bar{display:flex;flex:1;height:1.3rem;border-radius:.3rem;overflow:hidden;background:#eee}
.bar .seg{display:flex;align-items:center;justify-content:center;font-size:.75rem;min-width:1.4rem}
`;

const SCRIPT = `
(function () {
  var provider = document.getElementById('filter-provider');
  var status = document.getElementById('filter-status');
  function apply() {
    var p = provider.value, s = status.value;
    document.querySelectorAll('[data-provider]').forEach(function (el) {
      var st = el.getAttribute('data-status');
      el.hidden = (p !== '' && el.getAttribute('data-provider') !== p) || (s !== '' && st !== null && st !== s);
    });
  }
  provider.addEventListener('change', apply);
  status.addEventListener('change', apply);
  apply();
})();
`;

/** The whole page. */
export function renderHtml(report: ConformanceReport): string {
  const page = h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report: ${report.verdict}</title><style>${new Markup(STYLE)}</style></head>
<body>
${header(report)}${filters(report)}${matrix(report)}${sinceLastRun(report)}${failures(report)}${ids(report)}${tests(report)}${additiveDrift(report)}${coverage(report)}${decisions(report)}${observations(report)}${cleanup(report)}${baselineAndDrift(report)}${metadata(report)}
<script type="application/json" id="report-data">${new Markup(embedJson(report))}</script>
<script>${new Markup(SCRIPT)}</script>
</body></html>
`;
  return page.text;
}
