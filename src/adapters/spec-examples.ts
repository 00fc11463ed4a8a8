/** Valid inputs taken from the spec itself: the adapters build their requests from these, never from copies. */
import { ConformanceError } from '../errors';
import type { OperationInfo, ParameterInfo } from '../openapi';
import type { ValidRequest } from './types';

export type QueryValue = NonNullable<ValidRequest['query']>[string];

/** A query value as the spec serialises it: arrays with `explode: false` are comma-joined, others repeat the key. */
function wireValue(param: ParameterInfo, value: unknown): QueryValue {
  if (Array.isArray(value) && param.explode === false) return value.join(',');
  return value as QueryValue;
}

/** The spec's example of every query parameter, except those named in `skip` (values a live server cannot honour). */
export function exampleQuery(op: OperationInfo, skip: ReadonlySet<string> = new Set()): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const param of op.parameters.filter((p) => p.in === 'query' && !skip.has(p.name))) {
    const example = param.example ?? param.examples[0];
    if (example !== undefined) out[param.name] = wireValue(param, example);
  }
  return out;
}

/** A copy of the spec's first request-body example of an operation. */
export function exampleBody(op: OperationInfo): unknown {
  const example = op.requestBody?.content[0]?.examples[0];
  if (!example) throw new ConformanceError('SPEC_INVALID', `The ${op.provider} spec gives no request body example for ${op.operationId}; the adapter builds its valid request from it.`);
  return structuredClone(example.value);
}

/** The status, once checked to be documented for the operation (a guard against a fixture drifting from the spec). */
export function documented(op: OperationInfo, status: string): string {
  if (!op.responses.some((r) => r.status === status)) {
    throw new ConformanceError('SPEC_INVALID', `The ${op.provider} adapter expects ${op.operationId} to answer ${status}, but the spec documents ${op.responses.map((r) => r.status).join(', ')}. Update src/adapters/${op.provider}.ts.`);
  }
  return status;
}
