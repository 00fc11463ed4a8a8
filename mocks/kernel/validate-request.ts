/**
 * Request validation against the spec: path, query and header parameters (coerced from their wire form to the
 * schema's type first) and the JSON body. Returns readable problems grouped by the value at fault; never throws.
 */
import { coerceWireValue, schemaFacts } from '../../src/checks/schema-facts';
import { readablePath, type MediaInfo, type OperationInfo, type ParameterInfo, type Spec } from '../../src/openapi';
import type { MockRequest } from './types';

export interface Problem {
  /** The value at fault: "query.types[1]", "header X-Request-Id", "path.id", "body.quantity". */
  origin: string;
  message: string;
}

function labelOf(p: ParameterInfo): string {
  return p.in === 'header' ? `header ${p.name}` : `${p.in}.${p.name}`;
}

/** The parameter as received: query values (every repetition), a header or a path segment; cookies are not read. */
function received(p: ParameterInfo, req: MockRequest): string | string[] | undefined {
  if (p.in === 'path') return req.pathParams[p.name];
  if (p.in === 'header') return req.headers[p.name.toLowerCase()];
  if (p.in !== 'query') return undefined;
  const values = req.query.getAll(p.name);
  return values.length ? values : undefined;
}

const MORE_THAN_ONCE = Symbol('more than once');

/** Query values to the schema's type: arrays from repeated keys, or comma-joined for `style: form, explode: false`. */
function queryValue(spec: Spec, p: ParameterInfo, values: string[]): unknown {
  if (schemaFacts(spec, p.schema).types.has('array')) {
    return coerceWireValue(spec, p.schema, p.explode === false ? values.flatMap((v) => v.split(',')) : values);
  }
  return values.length === 1 ? coerceWireValue(spec, p.schema, values[0]) : MORE_THAN_ONCE;
}

function parameterProblems(spec: Spec, p: ParameterInfo, req: MockRequest): Problem[] {
  if (p.in === 'cookie') return [];
  const label = labelOf(p);
  const raw = received(p, req);
  if (raw === undefined) return p.required ? [{ origin: label, message: `${label} is required` }] : [];
  const value = Array.isArray(raw) ? queryValue(spec, p, raw) : coerceWireValue(spec, p.schema, raw);
  if (value === MORE_THAN_ONCE) return [{ origin: label, message: `${label} must be given once` }];
  if (p.schema === undefined) return [];
  return spec.validators.validateAt(`${p.pointer}/schema`, p.schema, value, { label }).map((d) => ({ origin: readablePath(label, d.pointer), message: d.message }));
}

function bodyProblems(spec: Spec, op: OperationInfo, req: MockRequest, media: MediaInfo | undefined, closed: boolean): Problem[] {
  if (!op.requestBody) return [];
  if (req.rawBody.length === 0) return op.requestBody.required ? [{ origin: 'body', message: 'body is required' }] : [];
  if (media?.schema === undefined || req.body === undefined) return [];
  return spec.validators.validateAt(media.schemaPointer, media.schema, req.body, { label: 'body', undeclared: closed }).map((d) => ({ origin: readablePath('body', d.pointer), message: d.message }));
}

/**
 * Every problem of a request with the operation's parameters and body (`media`: the media the body was read as).
 * `closed`: body fields the schema does not declare are problems too (the mocks accept them, as providers do; the
 * fidelity corpus asks that the spec declare every field a real client sends).
 */
export function requestProblems(spec: Spec, req: MockRequest, media: MediaInfo | undefined, opts: { closed?: boolean } = {}): Problem[] {
  return [...req.op.parameters.flatMap((p) => parameterProblems(spec, p, req)), ...bodyProblems(spec, req.op, req, media, opts.closed === true)];
}

/** Problems grouped by origin, in first-seen order: `[{origin, errors: [messages]}]`. */
export function groupProblems(problems: Problem[]): { origin: string; errors: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const p of problems) groups.set(p.origin, [...(groups.get(p.origin) ?? []), p.message]);
  return [...groups.entries()].map(([origin, errors]) => ({ origin, errors }));
}
