/**
 * Health data kept out of artifacts. The specs mark personal and health fields with `x-health-data: <category>` on
 * schema properties (docs/ARCHITECTURE.md). From those marks this module builds the redactor's health mask
 * (src/http/redact.ts, `HealthMask`): each JSON body of an exchange is matched to its operation and schema (request
 * body, or the response for its status) and every marked value becomes a typed placeholder (`<number>`, `<integer>`,
 * `<date-time>`, `<date>`, `<string>`, `<boolean>`, `<array>`, `<object>`; its length left out). A property the
 * schema does not declare, or a body no schema describes, is masked by name when some schema of the spec marks a
 * property of that name. Checks run on the real values: the mask touches only what is recorded.
 *
 * Policy: hidden on the production target (real people), shown on sandbox and mock (synthetic), unless
 * CONFORMANCE_HEALTH_DATA says `show` (`--show-health-data`) or `hide` (`--hide-health-data`).
 */
import { ConformanceError } from './errors';
import { findResponse, matchPathTemplate, resolveRef, type JsonSchema, type OpenApiDocument, type OperationInfo, type Spec } from './openapi';
import type { BodyContext, HealthMask } from './http/redact';

export const HEALTH_DATA_EXTENSION = 'x-health-data';
export const HEALTH_CATEGORIES = ['demographics', 'biometrics', 'scores', 'device identifiers', 'free text', 'user references'] as const;
export type HealthCategory = (typeof HEALTH_CATEGORIES)[number];
export const HEALTH_DATA_VARIABLE = 'CONFORMANCE_HEALTH_DATA';

/** Whether the run hides health data in every artifact: by default on production only; CONFORMANCE_HEALTH_DATA=show|hide decides otherwise. */
export function healthDataHidden(target: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[HEALTH_DATA_VARIABLE]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return target === 'production';
  if (raw === 'hide') return true;
  if (raw === 'show') return false;
  throw new ConformanceError('BAD_ARGUMENTS', `${HEALTH_DATA_VARIABLE}=${env[HEALTH_DATA_VARIABLE]} is neither "show" nor "hide". Unset it (hidden on production, shown elsewhere), or use --show-health-data / --hide-health-data.`);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface HealthField {
  /** Pointer of the marked schema (a property's schema, usually). */
  pointer: string;
  /** The property name it is marked under, when it is a property. */
  property: string | null;
  category: string;
}

/** Every `x-health-data` mark of a document, with where it sits (for the lint, the docs and the name fallback). */
export function healthFields(doc: unknown): HealthField[] {
  const out: HealthField[] = [];
  const walk = (node: unknown, pointer: string, property: string | null) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${pointer}/${i}`, null));
    else if (isObj(node)) {
      if (typeof node[HEALTH_DATA_EXTENSION] === 'string') out.push({ pointer, property, category: node[HEALTH_DATA_EXTENSION] as string });
      for (const [k, v] of Object.entries(node)) {
        const child = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        walk(v, child, /\/properties$/.test(pointer) ? k : null);
      }
    }
  };
  walk(doc, '#', null);
  return out;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The typed placeholder of a value: its schema's format where it has one, else its JSON type. null stays null. */
export function placeholderOf(value: unknown, schema?: Obj): unknown {
  if (value === null) return null;
  const format = typeof schema?.format === 'string' ? schema.format : undefined;
  if (typeof value === 'string') {
    if (format === 'date-time' || (!format && DATE_TIME.test(value))) return '<date-time>';
    if (format === 'date' || (!format && DATE.test(value))) return '<date>';
    return '<string>';
  }
  if (typeof value === 'number') {
    const type = schema?.type;
    return Number.isInteger(value) && (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) ? '<integer>' : '<number>';
  }
  if (typeof value === 'boolean') return '<boolean>';
  return Array.isArray(value) ? '<array>' : '<object>';
}

/** The string leaves of a value (what a text redaction must also hide). */
function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (isObj(value)) for (const v of Object.values(value)) strings(v, out);
}

class Masker {
  readonly hidden: string[] = [];
  changed = false;

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly markedNames: Set<string>,
  ) {}

  private resolve(schema: unknown): Obj | undefined {
    const r = resolveRef<unknown>(this.doc, schema);
    return isObj(r) ? r : undefined;
  }

  /** The mark of a schema: on the node itself or on what its $ref names. */
  private markOf(schema: unknown): boolean {
    if (!isObj(schema)) return false;
    if (typeof schema[HEALTH_DATA_EXTENSION] === 'string') return true;
    const r = this.resolve(schema);
    return r !== undefined && r !== schema && typeof r[HEALTH_DATA_EXTENSION] === 'string';
  }

  private hide(value: unknown, schema: unknown): unknown {
    if (value === null || value === undefined) return value;
    this.changed = true;
    strings(value, this.hidden);
    return placeholderOf(value, this.resolve(schema));
  }

  /** The schemas a value may be described by: the schema and its allOf/oneOf/anyOf branches, resolved. */
  private branches(schema: unknown, depth = 0): Obj[] {
    const s = this.resolve(schema);
    if (!s || depth > 8) return [];
    const out = [s];
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(s[k])) for (const b of s[k] as unknown[]) out.push(...this.branches(b, depth + 1));
    return out;
  }

  mask(value: unknown, schema: unknown): unknown {
    if (schema !== undefined && this.markOf(schema)) return this.hide(value, schema);
    if (schema === undefined) return this.byName(value);
    const all = this.branches(schema);
    if (Array.isArray(value)) {
      const items = all.map((b) => b.items).find((i) => i !== undefined && typeof i !== 'boolean');
      return value.map((v) => this.mask(v, items));
    }
    if (isObj(value)) {
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) {
        const props = all.map((b) => (isObj(b.properties) ? b.properties[k] : undefined)).filter((p) => p !== undefined);
        const additional = all.map((b) => b.additionalProperties).find((a) => isObj(a));
        const marked = props.find((p) => this.markOf(p));
        if (marked !== undefined) out[k] = this.hide(v, marked);
        else if (props.length) out[k] = this.mask(v, props[0]);
        else if (additional !== undefined) out[k] = this.mask(v, additional);
        else out[k] = this.markedNames.has(k) ? this.hide(v, undefined) : this.byName(v);
      }
      return out;
    }
    return value;
  }

  /** Without a schema: masks the values of properties some schema of the spec marks by that name. */
  byName(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.byName(v));
    if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.markedNames.has(k) ? this.hide(v, undefined) : this.byName(v)]));
    return value;
  }
}

/** The operation a request went to: its method, and a template matching the end of its path (fewest parameters first). */
export function operationOfRequest(spec: Spec, method: string, url: string): OperationInfo | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url.split('?')[0] ?? url;
  }
  const starts = [...pathname.matchAll(/\//g)].map((m) => m.index);
  const candidates = [...spec.operations.values()].filter((op) => op.method.toUpperCase() === method.toUpperCase() && starts.some((i) => matchPathTemplate(op.path, pathname.slice(i)) !== null));
  const params = (op: OperationInfo) => (op.path.match(/\{/g) ?? []).length;
  return candidates.sort((a, b) => params(a) - params(b) || b.path.length - a.path.length)[0];
}

function schemaFor(op: OperationInfo | undefined, context: BodyContext): JsonSchema | undefined {
  if (!op) return undefined;
  const media = context.direction === 'request' ? op.requestBody?.content : context.status !== undefined ? findResponse(op, context.status)?.content : undefined;
  if (!media?.length) return undefined;
  const type = (context.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return (media.find((m) => m.contentType.toLowerCase() === type) ?? media.find((m) => /json/i.test(m.contentType)) ?? media[0])?.schema;
}

/**
 * Query parameters, and path parameters of the operation, named like a marked property (`reference_id`,
 * `externalId`): their values become `<string>` in the recorded URL.
 */
function maskUrl(spec: Spec, markedNames: Set<string>, url: string, method: string): { url: string; hidden: string[] } | undefined {
  const hidden: string[] = [];
  const [beforeQuery, ...rest] = url.split('?');
  const query = rest.join('?');
  let head = beforeQuery!;
  const op = operationOfRequest(spec, method, url);
  if (op) {
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((n) => markedNames.has(n));
    if (names.length) {
      const pathname = (() => {
        try {
          return new URL(head).pathname;
        } catch {
          return head;
        }
      })();
      for (const i of [...pathname.matchAll(/\//g)].map((m) => m.index)) {
        const values = matchPathTemplate(op.path, pathname.slice(i));
        if (!values) continue;
        let masked = op.path;
        for (const [name, value] of Object.entries(values)) {
          if (names.includes(name)) hidden.push(value);
          masked = masked.replace(`{${name}}`, names.includes(name) ? '<string>' : encodeURIComponent(value));
        }
        head = head.slice(0, head.length - (pathname.length - i)) + masked;
        break;
      }
    }
  }
  const pairs = query === '' ? [] : query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let name = key;
    try {
      name = decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      /* keep the raw key */
    }
    if (eq < 0 || !markedNames.has(name)) return pair;
    const raw = pair.slice(eq + 1);
    try {
      hidden.push(decodeURIComponent(raw.replace(/\+/g, ' ')));
    } catch {
      hidden.push(raw);
    }
    return `${key}=<string>`;
  });
  if (hidden.length === 0) return undefined;
  return { url: pairs.length ? `${head}?${pairs.join('&')}` : head, hidden };
}

/** The health mask of a spec: what the redactor calls on every JSON body and request URL it records. */
export function createHealthMask(spec: Spec): HealthMask {
  const markedNames = new Set(healthFields(spec.document).flatMap((f) => (f.property ? [f.property] : [])));
  return {
    body(json, context) {
      const masker = new Masker(spec.document, markedNames);
      const schema = schemaFor(operationOfRequest(spec, context.method, context.url), context);
      const value = masker.mask(json, schema);
      return masker.changed ? { value, hidden: masker.hidden } : undefined;
    },
    url(url, method) {
      return maskUrl(spec, markedNames, url, method);
    },
  };
}
