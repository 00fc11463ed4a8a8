/**
 * GEN-NEGATIVE: requests that violate the documented request schema, derived from the schemas themselves and
 * each verified with the validator, and the check that such a request is rejected with a documented 4xx.
 */
import { escapePointer, findResponse, readablePath, resolveRef, type Diagnostic, type MediaInfo, type OperationInfo, type ParameterInfo, type Spec } from '../openapi';
import { failure } from './failure';
import { isJsonMedia } from './media';
import { bodyFailures } from './response';
import { coerceWireValue, isObj, schemaFacts, type Obj, type SchemaFacts } from './schema-facts';
import type { CheckContext, CheckFailure, NegativeKind, NegativeProbe, QueryValues, ValidInputs } from './types';

/** The order probes are interleaved in, so that the first few probes show different kinds of violation. */
const KIND_ORDER: NegativeKind[] = ['path-malformed', 'body-required', 'query-type', 'body-type', 'query-enum', 'body-enum', 'query-format', 'body-format', 'query-missing', 'body-not-json'];

const NOT_ALLOWED = 'not-an-allowed-value';
const NOT_JSON_BODY = '{"mock": ';
const BAD_FORMATS: Record<string, string> = {
  'date-time': 'not-a-date-time',
  date: '2024-13-45',
  uuid: 'not-a-uuid',
  email: 'not-an-email',
  uri: 'not a uri',
};
/** Values of each JSON type, with the schema types that accept them. */
const TYPED_VALUES: { value: unknown; accepted: string[] }[] = [
  { value: 12345, accepted: ['number', 'integer'] },
  { value: 'mock-wrong-type', accepted: ['string'] },
  { value: true, accepted: ['boolean'] },
  { value: {}, accepted: ['object'] },
];

/** A change to one value of the request, before verification. */
interface Edit {
  /** "body.kind", "query.limit". */
  target: string;
  /** "removed", "set to \"not-a-uuid\"". */
  action: string;
}

/** A value of a type the schema does not accept; on the wire (query) only a string that does not convert. */
function wrongTypeValue(types: Set<string>, wire: boolean): unknown {
  if (types.size === 0) return undefined;
  if (wire) return types.has('string') || types.has('array') ? undefined : 'mock-wrong-type';
  return TYPED_VALUES.find((c) => !c.accepted.some((t) => types.has(t)))?.value;
}

function enumViolation(values: unknown[]): unknown {
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return Math.max(...(values as number[])) + 1;
  return NOT_ALLOWED;
}

type Violation = 'type' | 'enum' | 'format';

/** Bad values for one schema: a wrong type, an enum miss (of the value or of an array's items), a bad format. */
function badValues(spec: Spec, facts: SchemaFacts, wire: boolean): [Violation, unknown][] {
  const out: [Violation, unknown][] = [];
  const typed = wrongTypeValue(facts.types, wire);
  if (typed !== undefined) out.push(['type', typed]);
  const itemEnum = facts.types.has('array') ? schemaFacts(spec, facts.items).enum : undefined;
  if (facts.enum) out.push(['enum', enumViolation(facts.enum)]);
  else if (itemEnum) out.push(['enum', [enumViolation(itemEnum)]]);
  const badFormat = facts.format === undefined ? undefined : BAD_FORMATS[facts.format];
  if (badFormat !== undefined && (facts.types.size === 0 || facts.types.has('string'))) out.push(['format', badFormat]);
  return out;
}

/** Longest description kept whole: long enum lists are cut so step titles stay readable. */
const MAX_DESCRIPTION = 200;

function describe(edit: Edit, diagnostics: Diagnostic[], targetPointer: string): { description: string; diagnostic: Diagnostic } {
  const diagnostic = diagnostics.find((d) => d.pointer === targetPointer) ?? diagnostics[0]!;
  const text = `${edit.target} ${edit.action}: ${diagnostic.message}`;
  return { description: text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 3)}...` : text, diagnostic };
}

function withContentType(headers: Record<string, string>, contentType: string): Record<string, string> {
  const out = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
  return { ...out, 'content-type': contentType };
}

// ---- body ------------------------------------------------------------------------------------------------

interface BodySite {
  /** Path from the body root to the object whose properties are probed ([] or [0] for an array of objects). */
  path: (string | number)[];
  facts: SchemaFacts;
}

function bodySite(spec: Spec, media: MediaInfo, body: unknown): BodySite | undefined {
  const facts = schemaFacts(spec, media.schema);
  if (isObj(body)) return { path: [], facts };
  if (Array.isArray(body) && isObj(body[0]) && facts.items !== undefined) return { path: [0], facts: schemaFacts(spec, facts.items) };
  return undefined;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((cur, key) => (cur as Record<string | number, unknown> | undefined)?.[key], root);
}

function editedBody(body: unknown, site: BodySite, edit: (obj: Obj) => void): unknown {
  const copy = structuredClone(body);
  edit(getAt(copy, site.path) as Obj);
  return copy;
}

const pointerOfPath = (path: (string | number)[]) => path.map((t) => `/${escapePointer(String(t))}`).join('');

/** One edited body, kept as a probe when the validator rejects it. */
interface BodyCandidate {
  kind: NegativeKind;
  edit: Edit;
  body: unknown;
  /** Where in the body the violation is expected (picks the diagnostic that describes it). */
  at: string;
}

function bodyProbe(spec: Spec, media: MediaInfo, valid: ValidInputs, c: BodyCandidate): NegativeProbe | undefined {
  const diagnostics = spec.validators.validateAt(media.schemaPointer, media.schema!, c.body, { label: 'body' });
  if (diagnostics.length === 0) return undefined;
  const { description, diagnostic } = describe(c.edit, diagnostics, c.at);
  return { kind: c.kind, description, pointer: diagnostic.schemaPointer, pathParams: valid.pathParams, query: valid.query, headers: valid.headers, body: c.body };
}

function notJsonProbe(media: MediaInfo, valid: ValidInputs): NegativeProbe {
  return {
    kind: 'body-not-json',
    description: `the body is not JSON (${JSON.stringify(NOT_JSON_BODY)}) although ${media.contentType} is documented`,
    pointer: media.schemaPointer.replace(/\/schema$/, ''),
    pathParams: valid.pathParams,
    query: valid.query,
    headers: withContentType(valid.headers, media.contentType),
    rawBody: NOT_JSON_BODY,
  };
}

function bodyProbes(spec: Spec, op: OperationInfo, valid: ValidInputs): NegativeProbe[] {
  const media = op.requestBody?.content.find((m) => isJsonMedia(m.contentType));
  if (!media) return [];
  const probes: (NegativeProbe | undefined)[] = [notJsonProbe(media, valid)];
  const site = media.schema === undefined ? undefined : bodySite(spec, media, valid.body);
  if (!site) return probes.filter((p) => p !== undefined);
  const siteObj = getAt(valid.body, site.path) as Obj;
  for (const name of site.facts.required.filter((n) => n in siteObj)) {
    const target = readablePath('body', pointerOfPath([...site.path, name]));
    const body = editedBody(valid.body, site, (o) => delete o[name]);
    probes.push(bodyProbe(spec, media, valid, { kind: 'body-required', edit: { target, action: 'removed' }, body, at: pointerOfPath(site.path) }));
  }
  for (const [name, schema] of Object.entries(site.facts.properties)) {
    const at = pointerOfPath([...site.path, name]);
    for (const [violation, value] of badValues(spec, schemaFacts(spec, schema), false)) {
      const body = editedBody(valid.body, site, (o) => (o[name] = value));
      probes.push(bodyProbe(spec, media, valid, { kind: `body-${violation}`, edit: { target: readablePath('body', at), action: `set to ${JSON.stringify(value)}` }, body, at }));
    }
  }
  return probes.filter((p) => p !== undefined);
}

// ---- query -----------------------------------------------------------------------------------------------

function queryProbe(spec: Spec, param: ParameterInfo, valid: ValidInputs, violation: Violation, value: unknown): NegativeProbe | undefined {
  const label = `query.${param.name}`;
  const diagnostics = spec.validators.validateAt(`${param.pointer}/schema`, param.schema!, coerceWireValue(spec, param.schema, value), { label });
  if (diagnostics.length === 0) return undefined;
  const kind: NegativeKind = `query-${violation}`;
  const { description, diagnostic } = describe({ target: label, action: `set to ${JSON.stringify(value)}` }, diagnostics, '');
  const query: QueryValues = { ...valid.query, [param.name]: value as QueryValues[string] };
  return { kind, description, pointer: diagnostic.schemaPointer, pathParams: valid.pathParams, query, headers: valid.headers };
}

function missingQueryProbe(param: ParameterInfo, valid: ValidInputs): NegativeProbe {
  const query = Object.fromEntries(Object.entries(valid.query).filter(([k]) => k !== param.name));
  return { kind: 'query-missing', description: `query.${param.name} left out: it is required`, pointer: param.pointer, pathParams: valid.pathParams, query, headers: valid.headers };
}

function queryProbes(spec: Spec, op: OperationInfo, valid: ValidInputs): NegativeProbe[] {
  const probes: (NegativeProbe | undefined)[] = [];
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    if (param.required) probes.push(missingQueryProbe(param, valid));
    if (param.schema === undefined) continue;
    for (const [violation, value] of badValues(spec, schemaFacts(spec, param.schema), true)) probes.push(queryProbe(spec, param, valid, violation, value));
  }
  return probes.filter((p) => p !== undefined);
}

// ---- path ------------------------------------------------------------------------------------------------

/** Path values tried in turn for a malformed-parameter probe: the first one the parameter's schema refuses is sent. */
function malformedPathCandidates(spec: Spec, param: ParameterInfo): string[] {
  const facts = schemaFacts(spec, param.schema);
  const s = resolveRef<unknown>(spec.document, param.schema);
  const maxLength = isObj(s) && typeof s.maxLength === 'number' ? s.maxLength : undefined;
  const badFormat = facts.format === undefined ? undefined : BAD_FORMATS[facts.format];
  return [
    ...(badFormat === undefined ? [] : [badFormat]),
    'malformed-id!',
    ...(maxLength === undefined ? [] : ['x'.repeat(maxLength + 1)]),
  ];
}

/**
 * One probe per path parameter whose schema refuses some value: the first candidate (a bad format, a value with
 * characters ids never have, one character past maxLength) that the validator rejects. A path parameter of any
 * string is never probed: no value of it is malformed.
 */
function pathProbes(spec: Spec, op: OperationInfo, valid: ValidInputs): NegativeProbe[] {
  const probes: NegativeProbe[] = [];
  for (const param of op.parameters.filter((p) => p.in === 'path' && p.schema !== undefined)) {
    const label = `path.${param.name}`;
    for (const value of malformedPathCandidates(spec, param)) {
      const diagnostics = spec.validators.validateAt(`${param.pointer}/schema`, param.schema!, coerceWireValue(spec, param.schema, value), { label });
      if (diagnostics.length === 0) continue;
      const shown = value.length > 20 ? `${value.slice(0, 10)}... (${value.length} characters)` : JSON.stringify(value);
      const { description, diagnostic } = describe({ target: label, action: `set to ${shown}` }, diagnostics, '');
      probes.push({ kind: 'path-malformed', description, pointer: diagnostic.schemaPointer, pathParams: { ...valid.pathParams, [param.name]: value }, query: valid.query, headers: valid.headers, body: valid.body });
      break;
    }
  }
  return probes;
}

// ---- together --------------------------------------------------------------------------------------------

/** Takes the first probe of every kind, then the second of every kind, and so on. */
function interleave(probes: NegativeProbe[]): NegativeProbe[] {
  const byKind = KIND_ORDER.map((kind) => probes.filter((p) => p.kind === kind));
  const out: NegativeProbe[] = [];
  for (let i = 0; out.length < probes.length; i++) for (const list of byKind) if (list[i]) out.push(list[i]!);
  return out;
}

/**
 * Requests that violate the operation's documented request schema, each built from the valid request by one
 * change and kept only when the validator confirms the violation (a missing required query parameter and a
 * non-JSON body are violations by construction).
 */
export function negativeProbes(spec: Spec, op: OperationInfo, valid: ValidInputs): NegativeProbe[] {
  return interleave([...pathProbes(spec, op, valid), ...bodyProbes(spec, op, valid), ...queryProbes(spec, op, valid)]);
}

/** The client errors an operation documents ("400", "404", "4XX"); 400 is always an acceptable rejection. */
function documentedRejections(op: OperationInfo): string {
  const statuses = op.responses.map((r) => r.status).filter((s) => /^4/.test(s));
  return [...new Set(['400', ...statuses])].join(', ');
}

/** A probe's request was rejected with 400 or another documented 4xx, in the documented error shape. */
export function checkNegativeRejected(ctx: CheckContext): CheckFailure[] {
  const { status } = ctx.response;
  const details = { received: String(status), documented: documentedRejections(ctx.op), pointer: `${ctx.op.pointer}/responses` };
  if (status < 400) return [failure('GEN-NEGATIVE', 'Invalid request not rejected', details)];
  if (status >= 500) return [failure('GEN-NEGATIVE', 'Invalid request answered with a server error', details)];
  const resp = findResponse(ctx.op, status);
  if (status !== 400 && (!resp || resp.status === 'default')) return [failure('GEN-NEGATIVE', 'Invalid request rejected with an undocumented status', details)];
  return resp ? bodyFailures(ctx, resp, 'GEN-NEGATIVE') : [];
}
