/**
 * GEN-NEGATIVE, unknown resources: a request whose path parameter (or a body property that shares a path
 * parameter's schema, such as a `user_id` naming a user) is well-formed but names nothing, derived from the
 * schemas and verified with the validator, and the check that it is answered with the documented 404.
 */
import { findResponse, type OperationInfo, type ParameterInfo, type Spec } from '../openapi';
import { failure } from './failure';
import { isJsonMedia } from './media';
import { bodyFailures } from './response';
import { coerceWireValue, isObj, schemaFacts } from './schema-facts';
import type { CheckContext, CheckFailure, UnknownResourceProbe, ValidInputs } from './types';

/** A version 4 UUID no server hands out by chance. */
const UNKNOWN_UUID = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const UNKNOWN_SUFFIXES = ['0unknown', '_unknown', '-unknown', '0'];

/** Well-formed values unlike `valid`, best first: the valid id with a suffix (keeps any prefix such as `usr_`). */
function unknownCandidates(spec: Spec, schema: unknown, valid: string): string[] {
  if (schemaFacts(spec, schema as never).format === 'uuid') return [UNKNOWN_UUID];
  return [...UNKNOWN_SUFFIXES.map((s) => `${valid}${s}`), `${valid.slice(0, Math.max(1, valid.length - 1))}0`];
}

function firstAccepted(spec: Spec, pointer: string, schema: unknown, valid: string): string | undefined {
  return unknownCandidates(spec, schema, valid).find((v) => v !== valid && spec.validators.validateAt(pointer, schema as never, coerceWireValue(spec, schema as never, v)).length === 0);
}

const sameSchema = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Path parameters anywhere in the spec: a body property with the schema of one of them names that resource. */
function pathParameters(spec: Spec): ParameterInfo[] {
  return [...spec.operations.values()].flatMap((o) => o.parameters.filter((p) => p.in === 'path' && p.schema !== undefined));
}

/**
 * For an operation that documents 404: one probe per path parameter, and one per top-level JSON body property
 * whose schema is that of a path parameter of the spec, with a well-formed value no resource has. A value is only
 * used when the validator accepts it (the probe must be about existence, not form).
 */
export function unknownResourceProbes(spec: Spec, op: OperationInfo, valid: ValidInputs): UnknownResourceProbe[] {
  if (!op.responses.some((r) => r.status === '404')) return [];
  const probes: UnknownResourceProbe[] = [];
  for (const param of op.parameters.filter((p) => p.in === 'path' && p.schema !== undefined)) {
    const current = valid.pathParams[param.name];
    if (current === undefined) continue;
    const value = firstAccepted(spec, `${param.pointer}/schema`, param.schema, String(current));
    if (value === undefined) continue;
    probes.push({ target: `path.${param.name}`, description: `path.${param.name} set to ${JSON.stringify(value)}, well-formed but no resource has it`, pathParams: { ...valid.pathParams, [param.name]: value }, query: valid.query, headers: valid.headers, body: valid.body });
  }
  const media = op.requestBody?.content.find((m) => isJsonMedia(m.contentType));
  if (media && isObj(valid.body)) {
    const ids = pathParameters(spec);
    for (const [name, schema] of Object.entries(schemaFacts(spec, media.schema).properties)) {
      const current = valid.body[name];
      const param = ids.find((p) => sameSchema(p.schema, schema));
      if (typeof current !== 'string' || !param) continue;
      const value = firstAccepted(spec, `${param.pointer}/schema`, param.schema, current);
      if (value === undefined) continue;
      const body = { ...valid.body, [name]: value };
      if (spec.validators.validateAt(media.schemaPointer, media.schema!, body).length) continue;
      probes.push({ target: `body.${name}`, description: `body.${name} set to ${JSON.stringify(value)}, well-formed (the schema of path.${param.name}) but no resource has it`, pathParams: valid.pathParams, query: valid.query, headers: valid.headers, body });
    }
  }
  return probes;
}

/** A probe naming an unknown resource was answered 404, in the documented 404 shape. */
export function checkUnknownResource(ctx: CheckContext): CheckFailure[] {
  const resp = findResponse(ctx.op, 404);
  const details = { received: String(ctx.response.status), documented: resp ? `404 ${resp.description}`.trim() : '404', pointer: resp?.pointer ?? `${ctx.op.pointer}/responses` };
  if (ctx.response.status !== 404) return [failure('GEN-NEGATIVE', 'Unknown resource not answered 404', details)];
  return resp ? bodyFailures(ctx, resp, 'GEN-NEGATIVE') : [];
}
