/**
 * What the deeper phases vary in a request: its query parameters and the top-level properties of its JSON object
 * body, each with the schema facts a value is built from (enum, bounds, lengths, format). Shared by GEN-BOUNDARY
 * and GEN-FUZZ; every value built from these facts is verified with the real validator before it is sent.
 */
import { resolveRef, type JsonSchema, type OperationInfo, type Spec } from '../openapi';
import { isJsonMedia } from './media';
import { coerceWireValue, isObj, schemaFacts, type Obj, type SchemaFacts } from './schema-facts';
import type { QueryValues, ValidInputs } from './types';

/** One value of a request the phases may vary. */
export interface InputSite {
  where: 'query' | 'body';
  name: string;
  /** "query.per_page", "body.timezone". */
  label: string;
  schema: JsonSchema;
  /** JSON pointer of the schema in the bundled spec. */
  pointer: string;
  required: boolean;
  facts: SchemaFacts;
  /** The bounds written on the schema (read through $ref and allOf). */
  bounds: Bounds;
}

export interface Bounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

const BOUND_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

/** The numeric and length bounds of a schema, merged through $ref and allOf (the first one written wins). */
export function boundsOf(spec: Spec, schema: unknown, seen = new Set<Obj>()): Bounds {
  const s = resolveRef<unknown>(spec.document, schema);
  const out: Bounds = {};
  if (!isObj(s) || seen.has(s)) return out;
  seen.add(s);
  for (const k of BOUND_KEYS) if (typeof s[k] === 'number') out[k] = s[k] as number;
  if (typeof s.pattern === 'string') out.pattern = s.pattern;
  if (Array.isArray(s.allOf)) for (const member of s.allOf) for (const [k, v] of Object.entries(boundsOf(spec, member, seen))) (out as Record<string, unknown>)[k] ??= v;
  return out;
}

/** The JSON media of an operation's request body, when it has one. */
export function jsonBodyMedia(op: OperationInfo) {
  return op.requestBody?.content.find((m) => isJsonMedia(m.contentType) && m.schema !== undefined);
}

/** The query parameters and top-level JSON body properties of an operation, in the order the spec writes them. */
export function inputSites(spec: Spec, op: OperationInfo): InputSite[] {
  const sites: InputSite[] = [];
  for (const p of op.parameters) {
    if (p.in !== 'query' || p.schema === undefined) continue;
    sites.push({ where: 'query', name: p.name, label: `query.${p.name}`, schema: p.schema, pointer: `${p.pointer}/schema`, required: p.required, facts: schemaFacts(spec, p.schema), bounds: boundsOf(spec, p.schema) });
  }
  const media = jsonBodyMedia(op);
  if (media) {
    const facts = schemaFacts(spec, media.schema);
    if (facts.types.has('object') || Object.keys(facts.properties).length) {
      for (const [name, schema] of Object.entries(facts.properties)) {
        sites.push({ where: 'body', name, label: `body.${name}`, schema, pointer: `${media.schemaPointer}/properties/${name}`, required: facts.required.includes(name), facts: schemaFacts(spec, schema), bounds: boundsOf(spec, schema) });
      }
    }
  }
  return sites;
}

/** The inputs with one site set to a value (undefined removes it). A body site needs an object body. */
export function withValue(valid: ValidInputs, site: Pick<InputSite, 'where' | 'name'>, value: unknown): ValidInputs {
  if (site.where === 'query') {
    const query: QueryValues = { ...valid.query };
    if (value === undefined) delete query[site.name];
    else query[site.name] = value as QueryValues[string];
    return { ...valid, query };
  }
  const body: Obj = { ...(isObj(valid.body) ? valid.body : {}) };
  if (value === undefined) delete body[site.name];
  else body[site.name] = value;
  return { ...valid, body };
}

/** The current value of a site in the inputs. */
export function valueAt(valid: ValidInputs, site: Pick<InputSite, 'where' | 'name'>): unknown {
  return site.where === 'query' ? valid.query[site.name] : isObj(valid.body) ? valid.body[site.name] : undefined;
}

/** Whether a value of a site passes its own schema (query values as they travel on the wire). */
export function siteAccepts(spec: Spec, site: InputSite, value: unknown): boolean {
  const v = site.where === 'query' ? coerceWireValue(spec, site.schema, value) : value;
  return spec.validators.validateAt(site.pointer, site.schema, v, { label: site.label }).length === 0;
}

/** The validator's first message about a value of a site, or undefined when it is accepted. */
export function siteProblem(spec: Spec, site: InputSite, value: unknown): string | undefined {
  const v = site.where === 'query' ? coerceWireValue(spec, site.schema, value) : value;
  return spec.validators.validateAt(site.pointer, site.schema, v, { label: site.label })[0]?.message;
}

/** Whether a whole JSON body passes the operation's body schema (true when the operation takes none). */
export function bodyAccepted(spec: Spec, op: OperationInfo, body: unknown): boolean {
  const media = jsonBodyMedia(op);
  if (!media || body === undefined) return true;
  return spec.validators.validateAt(media.schemaPointer, media.schema!, body).length === 0;
}

/** A short rendering of a value for titles and messages. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 20)}... (${text.length} characters)` : text;
}
