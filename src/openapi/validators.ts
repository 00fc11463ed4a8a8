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
const COMPONENT_REF = '#/components/schemas/';
/** Keywords whose value is data (or OpenAPI metadata), copied as is. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'const', 'enum', 'default', ...OAS_VOCABULARY]);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const COMPOSITIONS = new Set(['allOf', 'anyOf', 'oneOf']);
/** The component schemas are registered three times: as written, closed for GEN-UNDECLARED, and open at the top for use as a composition member. */
const ROOT_VARIANTS = ['plain', 'undeclared', 'undeclared-member'] as const;
type Variant = (typeof ROOT_VARIANTS)[number];

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
    for (const variant of ROOT_VARIANTS) {
      this.ajv.addSchema({ $id: this.rootOf(variant), $defs: this.prepareDefs(doc.components?.schemas ?? {}, variant) });
    }
  }

  private rootOf(variant: Variant): string {
    return variant === 'plain' ? this.rootId : `${this.rootId}:${variant}`;
  }

  /** The component schemas as one variant sees them ("undeclared-member": open at the top, closed below). */
  private prepareDefs(schemas: Obj, variant: Variant): Obj {
    const undeclared = variant !== 'plain';
    return Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, this.prepare(s, undeclared, variant === 'undeclared-member')]));
  }

  /** Where a `$ref` to a component schema points: the variant of the components its position needs. */
  private refTarget(ref: string, undeclared: boolean, member: boolean): string {
    const variant: Variant = !undeclared ? 'plain' : member ? 'undeclared-member' : 'undeclared';
    return `${this.rootOf(variant)}#/$defs/${ref.slice(COMPONENT_REF.length)}`;
  }

  /** A composition member as written, or the component schema it `$ref`s. */
  private member(m: unknown): unknown {
    return isObj(m) && typeof m.$ref === 'string' && m.$ref.startsWith(COMPONENT_REF) ? this.doc.components?.schemas?.[m.$ref.slice(COMPONENT_REF.length)] : m;
  }

  /** Does any member of a composition (through one `$ref`) declare properties? */
  private declaresProperties(members: unknown): boolean {
    return Array.isArray(members) && members.some((m) => {
      const target = this.member(m);
      return isObj(target) && isObj(target.properties);
    });
  }

  /**
   * Is the value an object for this schema: by its own `type` ("own"), or because its allOf has an object member
   * or every anyOf/oneOf alternative is an object ("implied", so `type: object` may be added without changing
   * what validates)? Closing needs it: strict Ajv refuses `unevaluatedProperties` where no type says object.
   */
  private objectType(schema: Obj): 'own' | 'implied' | undefined {
    if (schema.type !== undefined) return (Array.isArray(schema.type) ? schema.type : [schema.type]).includes('object') ? 'own' : undefined;
    const isObjectSchema = (m: unknown) => {
      const target = this.member(m);
      return isObj(target) && target.type === 'object';
    };
    const all = (k: string) => Array.isArray(schema[k]) && (schema[k] as unknown[]).length > 0 && (schema[k] as unknown[]).every(isObjectSchema);
    if ((Array.isArray(schema.allOf) && schema.allOf.some(isObjectSchema)) || all('anyOf') || all('oneOf')) return 'implied';
    return undefined;
  }

  /**
   * Copies a schema: drops the OAS dialect `$schema`, points `#/components/schemas/X` at the registered roots, and
   * in "undeclared" mode closes (`unevaluatedProperties: false`) every object schema that declares properties,
   * itself or through the members of its allOf/anyOf/oneOf. The members of a schema closed that way stay open (a
   * closed allOf member would refuse its siblings' properties); the members of a composition that cannot be
   * closed (a oneOf of a string and an object) are closed one by one. Names under `properties` (and the other
   * schema maps) are property names, not keywords, whatever they are called.
   */
  private prepare(schema: unknown, undeclared: boolean, member = false): unknown {
    if (!isObj(schema)) return schema;
    const declares = isObj(schema.properties) || [...COMPOSITIONS].some((k) => this.declaresProperties(schema[k]));
    const objectType = undeclared && declares ? this.objectType(schema) : undefined;
    const membersOpen = member || objectType !== undefined;
    const out: Obj = {};
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$schema' && typeof v === 'string' && OAS_DIALECT.test(v)) continue;
      if (k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_REF)) out.$ref = this.refTarget(v, undeclared, member);
      else if (DATA_KEYWORDS.has(k) || k.startsWith('x-')) out[k] = v;
      else if (SCHEMA_MAPS.has(k) && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, this.prepare(sub, undeclared)]));
      else if (COMPOSITIONS.has(k) && Array.isArray(v)) out[k] = v.map((sub) => this.prepare(sub, undeclared, membersOpen));
      else if (Array.isArray(v)) out[k] = v.map((sub) => this.prepare(sub, undeclared));
      else out[k] = this.prepare(v, undeclared);
    }
    if (!member && objectType && out.additionalProperties === undefined && out.unevaluatedProperties === undefined) {
      if (objectType === 'implied') out.type = 'object';
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
