/**
 * The public-record fidelity corpus: requests and responses as the real providers and their official SDKs send them,
 * rebuilt from public sources (facts only, fake ids, no credentials), judged against the provider's spec.
 *
 * - `tests/fidelity/<provider>/facts.json`: the facts of the public record the spec was checked against, each with the
 *   spec elements it touches (JSON pointers; each must carry `x-source` or `x-decision`, and `x-observed` for
 *   behaviour only observed against a real sandbox).
 * - `tests/fidelity/<provider>/cases.json`: the cases; each names its facts and its source.
 *
 * A request is routed by method and path, its credentials must satisfy one security alternative of the operation,
 * its parameters and body must validate with undeclared body fields refused. A response's status must be documented
 * and its body must validate against that status's schema, closed as GEN-UNDECLARED closes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSchema, checkStatus, checkUndeclared } from '../../src/checks';
import { getByPointer, readablePath, type OperationInfo, type Spec } from '../../src/openapi';
import { createRouter } from '../../mocks/kernel/router';
import { requestProblems } from '../../mocks/kernel/validate-request';
import { mediaForBody } from '../../src/checks/media';

export interface Fact {
  id: string;
  fact: string;
  sources: string[];
  /** Behaviour seen by a third party against a real sandbox, contradicting the documentation. */
  observed?: boolean;
  resolution: string;
  /** JSON pointers into the bundled spec of the elements this fact touches. */
  elements: string[];
  /** The beginning of the survey entry (table row or bullet of the team's public-record survey) it resolves. */
  survey?: string | string[];
}

interface CaseBase {
  id: string;
  facts: string[];
  source: string;
  method: string;
  /** Relative to the spec's server URL (or to the operation's own servers, where it has some), with concrete values. */
  path: string;
  expect: 'agree' | 'refused';
  /** For `refused`: a problem's origin must start with this. */
  refusedAt?: string;
}

export interface RequestCase extends CaseBase {
  kind: 'request';
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ResponseCase extends CaseBase {
  kind: 'response';
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FidelityCase = RequestCase | ResponseCase;

export interface Problem {
  /** `route`, `security`, `status`, `query.types`, `header X-Nonce`, `body.snapshots[0].hsi`. */
  origin: string;
  message: string;
}

export interface Verdict {
  case: FidelityCase;
  op?: OperationInfo;
  problems: Problem[];
  /** The outcome is what the case expects (agree: no problem; refused: a problem, at `refusedAt` when given). */
  agrees: boolean;
}

export const FIDELITY_DIR = path.join(__dirname);

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`${path.relative(process.cwd(), file)} is not readable JSON: ${(err as Error).message}`);
  }
}

export function loadFacts(provider: string): Fact[] {
  const file = path.join(FIDELITY_DIR, provider, 'facts.json');
  return fs.existsSync(file) ? readJson<{ facts: Fact[] }>(file).facts : [];
}

export function loadCases(provider: string): FidelityCase[] {
  const file = path.join(FIDELITY_DIR, provider, 'cases.json');
  return fs.existsSync(file) ? readJson<{ cases: FidelityCase[] }>(file).cases : [];
}

const lower = (headers: Record<string, string> = {}) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Does the request carry what one scheme asks for (header, query or cookie by name; the scheme word where one is set)? */
function satisfies(spec: Spec, schemeName: string, headers: Record<string, string>, query: Record<string, unknown>): boolean {
  const scheme = spec.document.components?.securitySchemes?.[schemeName] as Record<string, unknown> | undefined;
  if (!scheme) return false;
  if (scheme.type === 'http') {
    const auth = headers.authorization ?? '';
    return auth.toLowerCase().startsWith(`${String(scheme.scheme ?? 'bearer').toLowerCase()} `);
  }
  if (scheme.type === 'apiKey') {
    const name = String(scheme.name ?? '');
    const value = scheme.in === 'query' ? query[name] : scheme.in === 'header' ? headers[name.toLowerCase()] : undefined;
    if (value === undefined) return false;
    const word = scheme['x-scheme-word'];
    return typeof word !== 'string' || String(value).toLowerCase().startsWith(`${word.toLowerCase()} `);
  }
  // OAuth 2 and OpenID Connect send a bearer token.
  return (headers.authorization ?? '').toLowerCase().startsWith('bearer ');
}

/** Query parameters the operation's security schemes read (apiKey in query). */
function querySchemeNames(spec: Spec, op: OperationInfo): string[] {
  return op.security.flat().flatMap((s) => {
    const scheme = spec.document.components?.securitySchemes?.[s.scheme] as Record<string, unknown> | undefined;
    return scheme?.type === 'apiKey' && scheme.in === 'query' ? [String(scheme.name)] : [];
  });
}

function securityProblems(spec: Spec, op: OperationInfo, c: RequestCase): Problem[] {
  if (op.security.length === 0) return [];
  const headers = lower(c.headers);
  const query = c.query ?? {};
  if (op.security.some((alt) => alt.every((s) => satisfies(spec, s.scheme, headers, query)))) return [];
  const wanted = op.security.map((alt) => (alt.length ? alt.map((s) => s.scheme).join(' + ') : 'none')).join(' or ');
  return [{ origin: 'security', message: `the credentials sent satisfy no security alternative of ${op.operationId} (${wanted})` }];
}

function routeOf(spec: Spec, c: FidelityCase): { op: OperationInfo; pathParams: Record<string, string> } | Problem {
  const router = createRouter(spec, 'sandbox');
  // An operation with servers of its own (Sahha's GET /Version at the host root) is addressed below them.
  const own = router.routeOwnServer(c.method.toUpperCase(), c.path);
  const route = own?.kind === 'operation' ? own : router.route(c.method.toUpperCase(), c.path);
  if (route.kind === 'operation') return { op: route.op, pathParams: route.pathParams };
  const why = route.kind === 'method_not_allowed' ? `the spec documents ${route.allow.join(', ')} there, not ${c.method.toUpperCase()}` : 'the spec documents no such path';
  return { origin: 'route', message: `${c.method.toUpperCase()} ${c.path}: ${why}` };
}

function judgeRequest(spec: Spec, op: OperationInfo, pathParams: Record<string, string>, c: RequestCase): Problem[] {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(c.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
  const headers = lower(c.headers);
  const rawBody = c.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(c.body));
  const media = op.requestBody?.content.find((m) => m.contentType === (headers['content-type'] ?? 'application/json').split(';')[0]!.trim()) ?? op.requestBody?.content[0];
  const problems = requestProblems(spec, { method: c.method.toUpperCase(), path: c.path, pathParams, query, headers, body: c.body, rawBody, op }, media, { closed: true });
  // Closed like the body: a query parameter the operation does not declare (nor a security scheme reads) is refused.
  const declared = new Set([...op.parameters.filter((p) => p.in === 'query').map((p) => p.name), ...querySchemeNames(spec, op)]);
  const undeclared = Object.keys(c.query ?? {}).filter((k) => !declared.has(k)).map((k) => ({ origin: `query.${k}`, message: `query.${k} is not a parameter ${op.operationId} declares` }));
  return [...securityProblems(spec, op, c), ...problems, ...undeclared];
}

function judgeResponse(spec: Spec, op: OperationInfo, c: ResponseCase): Problem[] {
  const bodyText = c.body === undefined ? '' : JSON.stringify(c.body);
  const headers = { ...(c.body === undefined ? {} : { 'content-type': 'application/json' }), ...lower(c.headers) };
  const ctx = { spec, op, request: { method: c.method, url: c.path }, response: { status: c.status, headers, bodyText, json: c.body }, strict: true };
  const status = checkStatus(ctx);
  if (status.length) return status.map((f) => ({ origin: 'status', message: f.message.replace(/\n/g, '; ') }));
  const response = op.responses.find((r) => r.status === String(c.status));
  if (c.body !== undefined && response && !mediaForBody(response, headers['content-type'])?.schema) {
    return [{ origin: 'body', message: `${c.status} documents no body schema for ${headers['content-type']}` }];
  }
  return [...checkSchema(ctx), ...checkUndeclared(ctx)].flatMap((f) =>
    f.diagnostics?.length ? f.diagnostics.map((d) => ({ origin: readablePath('body', d.pointer), message: d.message })) : [{ origin: 'body', message: f.message }],
  );
}

/** Judges one case against a spec. */
export function judge(spec: Spec, c: FidelityCase): Verdict {
  const routed = routeOf(spec, c);
  const problems = 'origin' in routed ? [routed] : c.kind === 'request' ? judgeRequest(spec, routed.op, routed.pathParams, c) : judgeResponse(spec, routed.op, c);
  const agrees = c.expect === 'agree' ? problems.length === 0 : problems.some((p) => c.refusedAt === undefined || p.origin.startsWith(c.refusedAt));
  return { case: c, op: 'origin' in routed ? undefined : routed.op, problems, agrees };
}

/** Markdown to plain words: no emphasis or code marks, one space between words. */
export const plain = (text: string): string => text.replace(/[*`]/g, '').replace(/\s+/g, ' ').trim();

/**
 * The entries of the survey's "Second survey" section: the first cell of every table row and every bullet of its
 * "Sharper readings" lists, as plain words.
 */
export function surveyEntries(markdown: string): string[] {
  const start = markdown.search(/^# Second survey/m);
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of markdown.slice(start).split('\n')) {
    const row = /^\|(.*?)\|/.exec(line);
    if (row) {
      const cell = plain(row[1]!);
      if (cell && cell !== 'fact' && !/^-+$/.test(cell)) out.push(cell);
    } else if (/^- /.test(line)) out.push(plain(line.slice(2)));
  }
  return out;
}

/** Survey entries that no fact's `survey` begins. */
export function uncoveredSurveyEntries(entries: string[], facts: Fact[]): string[] {
  const prefixes = facts.flatMap((f) => (Array.isArray(f.survey) ? f.survey : f.survey ? [f.survey] : [])).map(plain).filter(Boolean);
  return entries.filter((e) => !prefixes.some((p) => e.startsWith(p)));
}

/** Problems of the facts file itself: unknown elements, elements without their source or decision. */
export function factProblems(spec: Spec, facts: Fact[]): string[] {
  const out: string[] = [];
  for (const f of facts) {
    if (!f.elements?.length) out.push(`${f.id} names no spec element`);
    for (const pointer of f.elements ?? []) {
      const node = getByPointer(spec.document, pointer) as Record<string, unknown> | undefined;
      if (node === undefined || node === null || typeof node !== 'object') {
        out.push(`${f.id}: ${pointer} is not an element of the ${spec.provider} spec`);
        continue;
      }
      if (node['x-source'] === undefined && node['x-decision'] === undefined) out.push(`${f.id}: ${pointer} carries neither x-source nor x-decision`);
      if (f.observed && node['x-observed'] === undefined) out.push(`${f.id} is an observation: ${pointer} carries no x-observed`);
    }
  }
  return out;
}
