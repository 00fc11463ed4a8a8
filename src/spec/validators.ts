/**
 * JSON Schema 2020-12 validation of spec schemas with Ajv (strict mode on, formats on), compiled once and cached.
 * Results are diagnostics `{code, pointer, message}` written as sentences a person can read
 * ("body[0].factors[2].score must be number"); nothing here throws on invalid data.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema, OpenApiDocument } from './types';

export interface Diagnostic {
  /** The JSON Schema keyword that failed ("type", "required", "unevaluatedProperties", ...). */
  code: string;
  /** JSON pointer into the validated value ("/0/factors/2/score"; "" for the root). */
  pointer: string;
  /** Pointer into the spec of the schema that failed. */
  schemaPointer: string;
  message: string;
}

export interface ValidateOptions {
  /** Name of the validated value in messages: "body", "query.types", "header x-request-id". */
  label?: string;
  /** Report properties the schema does not declare (GEN-UNDECLARED). */
  undeclared?: boolean;
}

/** OpenAPI keywords that may sit in a Schema Object but are not JSON Schema validation keywords. */
const OAS_VOCABULARY = ['example', 'xml', 'externalDocs', 'discriminator'];
const OAS_DIALECT = /^https:\/\/spec\.openapis\.org\/oas\/3\.1\/dialect\//;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function collectExtensionKeywords(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectExtensionKeywords(n, into));
  else if (isObj(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-')) into.add(k);
      collectExtensionKeywords(v, into);
    }
  }
}

/** Converts "/0/factors/2/score" into "body[0].factors[2].score". */
export function readablePath(label: string, pointer: string): string {
  let out = label;
  for (const raw of pointer.split('/').slice(1)) {
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(t) ? `[${t}]` : /^[A-Za-z_$][\w$]*$/.test(t) ? `.${t}` : `[${JSON.stringify(t)}]`;
  }
  return out;
}

function describe(err: ErrorObject, label: string): string {
  const where = readablePath(label, err.instancePath);
  const p = err.params as Obj;
  switch (err.keyword) {
    case 'required':
      return `${where} must have property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `${where} has property "${String(p.additionalProperty)}" that the schema does not allow`;
    case 'unevaluatedProperties':
      return `${where} has property "${String(p.unevaluatedProperty)}" that the schema does not declare`;
    case 'type':
      return `${where} must be ${String(p.type).split(',').join(' or ')}`;
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return `${where} must be a valid ${String(p.format)}`;
    default:
      return `${where} ${err.message ?? 'is invalid'}`;
  }
}

export class SchemaValidators {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly rootId: string;

  constructor(
    private readonly doc: OpenApiDocument,
    specId: string,
  ) {
    this.rootId = `urn:conformance:${specId}`;
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateFormats: true });
    addFormats(this.ajv);
    const extensions = new Set<string>();
    collectExtensionKeywords(doc.components?.schemas ?? {}, extensions);
    collectExtensionKeywords(doc.paths ?? {}, extensions);
    for (const kw of [...OAS_VOCABULARY, ...extensions]) {
      if (!this.ajv.getKeyword(kw)) this.ajv.addKeyword({ keyword: kw });
    }
    const defs = this.prepare(doc.components?.schemas ?? {}, false) as Obj;
    this.ajv.addSchema({ $id: this.rootId, $defs: defs });
    const strictDefs = this.prepare(doc.components?.schemas ?? {}, true) as Obj;
    this.ajv.addSchema({ $id: `${this.rootId}:undeclared`, $defs: strictDefs });
  }

  /**
   * Copies a schema: drops the OAS dialect `$schema`, points `#/components/schemas/X` at the registered
   * root, and in "undeclared" mode closes every object schema that declares properties, so unknown fields fail.
   */
  private prepare(schema: unknown, undeclared: boolean, inComposition = false): unknown {
    if (Array.isArray(schema)) return schema.map((s) => this.prepare(s, undeclared, inComposition));
    if (!isObj(schema)) return schema;
    const out: Obj = {};
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$schema' && typeof v === 'string' && OAS_DIALECT.test(v)) continue;
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out.$ref = `${this.rootId}${undeclared ? ':undeclared' : ''}#/$defs/${v.slice('#/components/schemas/'.length)}`;
        continue;
      }
      if (k === 'example' || k === 'examples' || k.startsWith('x-') || k === 'const' || k === 'enum' || k === 'default') {
        out[k] = v;
        continue;
      }
      const composition = k === 'allOf' || k === 'anyOf' || k === 'oneOf';
      out[k] = this.prepare(v, undeclared, composition);
    }
    if (
      undeclared &&
      !inComposition &&
      isObj(out.properties) &&
      out.additionalProperties === undefined &&
      out.unevaluatedProperties === undefined
    ) {
      out.unevaluatedProperties = false;
    }
    return out;
  }

  /** Compiles (once) the schema found at a spec pointer and validates a value against it. */
  validateAt(schemaPointer: string, schema: JsonSchema, value: unknown, opts: ValidateOptions = {}): Diagnostic[] {
    const key = `${opts.undeclared ? 'U' : 'N'}${schemaPointer}`;
    let fn = this.cache.get(key);
    if (!fn) {
      fn = this.ajv.compile(this.prepare(schema, opts.undeclared === true) as Obj | boolean);
      this.cache.set(key, fn);
    }
    if (fn(value)) return [];
    const label = opts.label ?? 'body';
    return (fn.errors ?? []).map((e) => ({
      code: e.keyword,
      pointer: e.instancePath,
      schemaPointer: this.specPointer(schemaPointer, e.schemaPath),
      message: describe(e, label),
    }));
  }

  /** Validates against a named component schema ("Score"). */
  validateComponent(name: string, value: unknown, opts: ValidateOptions = {}): Diagnostic[] {
    const schema = this.doc.components?.schemas?.[name];
    if (schema === undefined) throw new Error(`No schema named ${name} in components.schemas`);
    return this.validateAt(`#/components/schemas/${name}`, schema as JsonSchema, value, opts);
  }

  /** Maps an Ajv schemaPath back to a pointer in the spec ("#/components/schemas/Factor/properties/score/type"). */
  private specPointer(base: string, schemaPath: string): string {
    const m = /urn:conformance:[^#]*#\/\$defs\/(.*)$/.exec(schemaPath);
    if (m) return `#/components/schemas/${m[1]}`;
    return `${base}${schemaPath.replace(/^#/, '')}`;
  }

  get compiledCount(): number {
    return this.cache.size;
  }
}
