/**
 * The body at a failure's pointer, beside what the spec documents there: for the failure view's side-by-side diff.
 * From the first error check with a schema diagnostic: the value the diagnostic points at in the exchange's response
 * body, the schema at the diagnostic's schema pointer, and diff lines (`-` documented but missing or different, `+`
 * received but not documented, ` ` as documented). The body is the recorded one, redacted at capture. Pure.
 */
import { getByPointer, type OpenApiDocument, type Spec } from '../src/openapi';
import type { Exchange } from '../src/http/types';
import { walkPointer } from './problems';
import type { CheckReport } from './model';

export interface BodyDiff {
  /** JSON pointer in the response body ("" for the root). */
  pointer: string;
  /** The schema it was judged against. */
  schemaPointer: string;
  documented: string;
  received: string;
  lines: { sign: ' ' | '-' | '+'; text: string }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX = 2_000;
const show = (v: unknown) => {
  const text = JSON.stringify(v, null, 2) ?? 'undefined';
  return text.length > MAX ? `${text.slice(0, MAX)}\n… (${text.length - MAX} more characters)` : text;
};
const brief = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

function schemaSummary(doc: OpenApiDocument, schema: unknown): string {
  const s = isObj(schema) && typeof schema.$ref === 'string' ? walkPointer(doc, schema.$ref)?.node : schema;
  if (!isObj(s)) return JSON.stringify(s);
  const parts = [s.type, s.format && `format ${String(s.format)}`, Array.isArray(s.enum) && `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`].filter(Boolean);
  return parts.length ? parts.join(', ') : isObj(schema) && typeof schema.$ref === 'string' ? schema.$ref : 'a value';
}

function lines(doc: OpenApiDocument, schema: Obj, value: unknown): BodyDiff['lines'] {
  const out: BodyDiff['lines'] = [];
  const props = isObj(schema.properties) ? schema.properties : undefined;
  if (props && isObj(value)) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const [k, p] of Object.entries(props)) {
      if (k in value) out.push({ sign: ' ', text: `"${k}": ${brief(value[k])}` });
      else if (required.includes(k)) out.push({ sign: '-', text: `"${k}": ${schemaSummary(doc, p)} (required, missing)` });
    }
    for (const k of Object.keys(value)) if (!(k in props)) out.push({ sign: '+', text: `"${k}": ${brief(value[k])} (not declared)` });
    return out;
  }
  out.push({ sign: '-', text: schemaSummary(doc, schema) });
  out.push({ sign: '+', text: brief(value) });
  return out;
}

/** The diff at the first schema diagnostic of the failure's error checks, or null when there is none to show. */
export function bodyDiff(checks: CheckReport[], exchanges: Exchange[], spec: Spec | undefined): BodyDiff | null {
  const doc = spec?.document;
  const check = checks.find((c) => c.severity === 'error' && c.diagnostics.length > 0);
  const d = check?.diagnostics[0];
  if (!doc || !d) return null;
  const schemaPointer = d.schemaPointer.replace(/\/[^/]*$/, '');
  const schema = walkPointer(doc, schemaPointer);
  if (!schema || !isObj(schema.node)) return null;
  for (const e of exchanges) {
    if (!e.response?.body) continue;
    let body: unknown;
    try {
      body = JSON.parse(e.response.body);
    } catch {
      continue;
    }
    const value = d.pointer === '' ? body : getByPointer(body, `#${d.pointer}`);
    if (value === undefined) continue;
    return { pointer: d.pointer, schemaPointer: schema.pointer, documented: show(schema.node), received: show(value), lines: lines(doc, schema.node, value) };
  }
  return null;
}
