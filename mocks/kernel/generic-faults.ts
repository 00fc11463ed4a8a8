/**
 * The generic fault modifiers every mock knows. Each breaks one promise checked by a generic check, so the
 * self-tests can show that check fails; the response-rewriting ones work from the documented response.
 */
import { isJsonMedia } from '../../src/checks/media';
import { isObj, schemaFacts, type Obj, type SchemaFacts } from '../../src/checks/schema-facts';
import { ConformanceError } from '../../src/errors';
import { findResponse, type JsonSchema, type OperationInfo } from '../../src/openapi';
import type { FaultDefinition, MockContext, MockResponse } from './types';

export const GENERIC = {
  undocumentedStatus: 'generic.undocumented-status',
  wrongContentType: 'generic.wrong-content-type',
  bodyOn204: 'generic.body-on-204',
  dropRequiredField: 'generic.drop-required-field',
  retypeField: 'generic.retype-field',
  undeclaredField: 'generic.undeclared-field',
  missingHeader: 'generic.missing-header',
  acceptInvalidRequest: 'generic.accept-invalid-request',
  errorShapeChanged: 'generic.error-shape-changed',
  unknownResourceServed: 'generic.unknown-resource-served',
} as const;

type Ctx = MockContext<unknown>;

const isSuccess = (res: MockResponse) => res.status >= 200 && res.status < 300;
const isClientError = (res: MockResponse) => res.status >= 400 && res.status < 500;
const hasBody = (res: MockResponse) => res.body !== undefined || res.raw !== undefined;

/** The schema documented for a JSON answer with this status. */
function documentedSchema(ctx: Ctx, status: number): JsonSchema | undefined {
  return findResponse(ctx.req.op, status)?.content.find((m) => isJsonMedia(m.contentType))?.schema;
}

/** The operation's first documented 2xx with its example (under accept-invalid-request and unknown-resource-served). */
export function documentedSuccess(op: OperationInfo): MockResponse {
  const resp = op.responses.filter((r) => r.status.startsWith('2')).sort((a, b) => a.status.localeCompare(b.status))[0];
  if (!resp) return { status: 200, body: {} };
  const status = /^\d{3}$/.test(resp.status) ? Number(resp.status) : 200;
  const media = resp.content.find((m) => isJsonMedia(m.contentType)) ?? resp.content[0];
  if (!media) return { status };
  const example = media.examples[0]?.value;
  return isJsonMedia(media.contentType) ? { status, body: example ?? {} } : { status, raw: { contentType: media.contentType, data: String(example ?? '') } };
}

/** The object a field fault edits (the body, or the first item of an array body) with its schema facts. */
function editableObject(ctx: Ctx, body: unknown, status: number): { obj: Obj; facts: SchemaFacts } | undefined {
  const facts = schemaFacts(ctx.spec, documentedSchema(ctx, status));
  if (isObj(body)) return { obj: body, facts };
  if (Array.isArray(body) && isObj(body[0])) return { obj: body[0], facts: schemaFacts(ctx.spec, facts.items) };
  return undefined;
}

/**
 * Applies an edit to a copy of a 2xx JSON body (never to the handler's objects, which may be the mock's state);
 * the response is unchanged when the edit finds nothing to change.
 */
function editSuccessBody(edit: (obj: Obj, facts: SchemaFacts, ctx: Ctx) => boolean) {
  return (res: MockResponse, ctx: Ctx): MockResponse => {
    if (!isSuccess(res) || res.body === undefined) return res;
    const body = structuredClone(res.body);
    const target = editableObject(ctx, body, res.status);
    return target && edit(target.obj, target.facts, ctx) ? { ...res, body } : res;
  };
}

function dropRequired(obj: Obj, facts: SchemaFacts): boolean {
  const name = facts.required.find((k) => k in obj);
  if (name === undefined) return false;
  delete obj[name];
  return true;
}

/** Does the documented schema of a property accept the type a value would be turned into? */
function accepts(ctx: Ctx, schema: JsonSchema | undefined, type: 'string' | 'number'): boolean {
  const types = schemaFacts(ctx.spec, schema).types;
  return types.size === 0 || types.has(type) || (type === 'number' && types.has('integer'));
}

function retypeFirst(obj: Obj, facts: SchemaFacts, ctx: Ctx): boolean {
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'number' && !accepts(ctx, facts.properties[key], 'string')) {
      obj[key] = String(value);
      return true;
    }
    if (typeof value === 'string' && !accepts(ctx, facts.properties[key], 'number')) {
      obj[key] = value.length;
      return true;
    }
  }
  return false;
}

function addUndeclared(obj: Obj): boolean {
  obj.x_undeclared = true;
  return true;
}

/** A content type this response does not document (text/plain, unless text/plain is what it documents). */
function wrongContentType(res: MockResponse, ctx: Ctx): MockResponse {
  if (!isSuccess(res) || !hasBody(res)) return res;
  const documented = findResponse(ctx.req.op, res.status)?.content.map((m) => m.contentType.toLowerCase()) ?? [];
  const contentType = documented.some((c) => c.startsWith('text/plain')) ? 'application/octet-stream' : 'text/plain';
  const data = res.raw ? res.raw.data : JSON.stringify(res.body);
  return { status: res.status, headers: res.headers, raw: { contentType, data } };
}

function dropDocumentedHeaders(res: MockResponse, ctx: Ctx): MockResponse {
  const documented = new Set(findResponse(ctx.req.op, res.status)?.headers.map((h) => h.name.toLowerCase()) ?? []);
  if (!res.headers || documented.size === 0) return res;
  return { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([name]) => !documented.has(name.toLowerCase()))) };
}

const MESSAGE_KEYS = ['message', 'error_description', 'detail', 'title'];

/** The first readable text of an error body (its message, else any string in it). */
function firstText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const children = Array.isArray(value) ? value : isObj(value) ? [...MESSAGE_KEYS.map((k) => value[k]), ...Object.values(value)] : [];
  for (const child of children) {
    const text = firstText(child);
    if (text !== undefined) return text;
  }
  return undefined;
}

function changeErrorShape(res: MockResponse): MockResponse {
  if (!isClientError(res) || !hasBody(res)) return res;
  const text = res.raw ? String(res.raw.data) : firstText(res.body);
  return { status: res.status, headers: res.headers, body: { oops: text ?? `The request failed with status ${res.status}.` } };
}

export const GENERIC_FAULTS: readonly FaultDefinition[] = [
  {
    name: GENERIC.undocumentedStatus,
    description: 'Every 2xx answer is sent as 418, a status no operation documents.',
    breaks: ['GEN-STATUS'],
    transform: (res) => (isSuccess(res) ? { ...res, status: 418 } : res),
  },
  {
    name: GENERIC.wrongContentType,
    description: 'Every 2xx answer with a body is sent as text/plain (application/octet-stream where text/plain is documented).',
    breaks: ['GEN-CTYPE'],
    transform: wrongContentType,
  },
  {
    name: GENERIC.bodyOn204,
    description: 'Every 204 answer carries a JSON body {} (with Content-Type and Content-Length), on a connection then closed.',
    breaks: ['GEN-CTYPE'],
    transform: (res) => (res.status === 204 ? { ...res, body: {} } : res),
  },
  {
    name: GENERIC.dropRequiredField,
    description: 'The first required property of a 2xx JSON body (or of its first array item) is left out.',
    breaks: ['GEN-SCHEMA'],
    transform: editSuccessBody(dropRequired),
  },
  {
    name: GENERIC.retypeField,
    description: 'The first number or string property of a 2xx JSON body (or of its first array item) is sent as the other type.',
    breaks: ['GEN-SCHEMA'],
    transform: editSuccessBody(retypeFirst),
  },
  {
    name: GENERIC.undeclaredField,
    description: 'A 2xx JSON object (or the first item of an array body) gets a property its schema does not declare: "x_undeclared": true.',
    breaks: ['GEN-UNDECLARED'],
    transform: editSuccessBody(addUndeclared),
  },
  {
    name: GENERIC.missingHeader,
    description: 'Response headers the spec documents for the answer are not sent.',
    breaks: ['GEN-HEADERS'],
    transform: dropDocumentedHeaders,
    // The generated checks reach the success answers; with no header documented on one, nothing can be dropped.
    appliesTo: (spec) => [...spec.operations.values()].some((op) => op.responses.some((r) => /^2/.test(r.status) && r.headers.length > 0)),
  },
  {
    name: GENERIC.acceptInvalidRequest,
    description:
      'Requests that violate the request schema (wrong content type, malformed JSON, bad parameters or body) are not rejected: the handler answers, and where it does not answer 2xx the documented success example is sent.',
    breaks: ['GEN-NEGATIVE'],
  },
  {
    name: GENERIC.errorShapeChanged,
    description: 'Every 4xx body of an operation (kernel rejections included) becomes {"oops": "<message>"} instead of the documented error shape.',
    breaks: ['GEN-AUTH', 'GEN-NEGATIVE'],
    transform: changeErrorShape,
  },
  {
    name: GENERIC.unknownResourceServed,
    description: "Every 404 answer of an operation becomes its documented success example, as if the id named a resource.",
    breaks: ['GEN-NEGATIVE'],
    transform: (res, ctx) => (res.status === 404 ? documentedSuccess(ctx.req.op) : res),
    appliesTo: (spec) => [...spec.operations.values()].some((op) => op.responses.some((r) => r.status === '404')),
  },
];

/** The generic faults with the provider's own IDs added to what each breaks (ProviderMockDefinition.genericFaultBreaks). */
export function genericFaultsFor(provider: string, extraBreaks: Record<string, string[]> = {}): FaultDefinition[] {
  const unknown = Object.keys(extraBreaks).filter((name) => !GENERIC_FAULTS.some((f) => f.name === name));
  if (unknown.length) {
    throw new ConformanceError('CONFIG_INVALID', `The ${provider} mock's genericFaultBreaks names ${unknown.join(', ')}, which is not a generic fault. Known: ${GENERIC_FAULTS.map((f) => f.name).join(', ')}.`);
  }
  return GENERIC_FAULTS.map((f) => ({ ...f, breaks: [...f.breaks, ...(extraBreaks[f.name] ?? [])] }));
}
