/**
 * What a probe or a coercion needs to know of a schema (its types, enum, format, properties), read through
 * `$ref` and `allOf`. Only a guide: every value built from these facts is verified with the real validator.
 */
import { resolveRef, type JsonSchema, type Spec } from '../openapi';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SchemaFacts {
  types: Set<string>;
  /** `enum`, or `const` as a one-value enum. */
  enum?: unknown[];
  format?: string;
  properties: Record<string, JsonSchema>;
  required: string[];
  items?: JsonSchema;
}

export function schemaFacts(spec: Spec, schema: JsonSchema | undefined): SchemaFacts {
  const facts: SchemaFacts = { types: new Set(), properties: {}, required: [] };
  mergeFacts(spec, schema, facts, new Set());
  return facts;
}

function mergeFacts(spec: Spec, schema: unknown, facts: SchemaFacts, seen: Set<Obj>): void {
  const s = resolveRef<unknown>(spec.document, schema);
  if (!isObj(s) || seen.has(s)) return;
  seen.add(s);
  for (const t of Array.isArray(s.type) ? s.type : [s.type]) if (typeof t === 'string') facts.types.add(t);
  if (Array.isArray(s.enum)) facts.enum ??= s.enum;
  if ('const' in s) facts.enum ??= [s.const];
  if (typeof s.format === 'string') facts.format ??= s.format;
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) facts.properties[k] ??= v as JsonSchema;
  if (Array.isArray(s.required)) facts.required.push(...s.required.map(String));
  if (s.items !== undefined) facts.items ??= s.items as JsonSchema;
  if (Array.isArray(s.allOf)) for (const member of s.allOf) mergeFacts(spec, member, facts, seen);
}

const NUMERIC = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Turns a value as it travels in a header or a query string into what its schema describes: "42" into 42 for a
 * number or integer, "true" into true for a boolean, "a,b" into ["a", "b"] for an array. A string schema, or a
 * value that does not convert, is left as is, so the validator reports it.
 */
export function coerceWireValue(spec: Spec, schema: JsonSchema | undefined, raw: unknown): unknown {
  const facts = schemaFacts(spec, schema);
  if (facts.types.has('array')) {
    const list = Array.isArray(raw) ? raw : String(raw).split(',').map((v) => v.trim());
    return list.map((v) => coerceWireValue(spec, facts.items, v));
  }
  if (typeof raw !== 'string' || facts.types.has('string')) return raw;
  if ((facts.types.has('number') || facts.types.has('integer')) && NUMERIC.test(raw)) return Number(raw);
  if (facts.types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}
