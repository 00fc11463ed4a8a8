/**
 * GEN-REQEXAMPLES: every request example the spec documents, sent. Each documented JSON body example of an operation
 * replaces the valid request's body (path, credentials and the rest kept), and one request sets every query
 * parameter that documents an example to it (each further example of a parameter in a request of its own). A
 * documented example is a valid request: it must not be refused as invalid, and its answer must pass every response
 * check.
 */
import type { OperationInfo, Spec } from '../openapi';
import { jsonBodyMedia } from './deep-inputs';
import type { QueryValues, ValidInputs } from './types';

export interface ExampleRequest {
  /** "the body example coreSdk", "every query parameter's example". */
  description: string;
  /** Where the example is written. */
  pointer: string;
  inputs: ValidInputs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Query examples as they travel: scalars as they are, arrays as arrays. */
const asQuery = (v: unknown): QueryValues[string] | undefined => (['string', 'number', 'boolean'].includes(typeof v) || Array.isArray(v) ? (v as QueryValues[string]) : undefined);

/** The requests of an operation built from its documented examples, none equal to the valid request. */
export function requestExamples(spec: Spec, op: OperationInfo, valid: ValidInputs): ExampleRequest[] {
  const out: ExampleRequest[] = [];
  const media = jsonBodyMedia(op);
  if (media && valid.body !== undefined) {
    for (const ex of media.examples) {
      if (same(ex.value, valid.body)) continue;
      out.push({ description: `the body example ${JSON.stringify(ex.name)}`, pointer: ex.pointer, inputs: { ...valid, body: structuredClone(ex.value) } });
    }
  }
  const query: QueryValues = { ...valid.query };
  const extra: ExampleRequest[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    const values = [...(p.example === undefined ? [] : [p.example]), ...p.examples].map(asQuery).filter((v) => v !== undefined);
    const [first, ...rest] = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
    if (first === undefined) continue;
    query[p.name] = first;
    for (const v of rest) extra.push({ description: `query.${p.name} set to its further example ${JSON.stringify(v)}`, pointer: p.pointer, inputs: { ...valid, query: { ...valid.query, [p.name]: v } } });
  }
  if (!same(query, valid.query)) out.push({ description: "every query parameter's documented example", pointer: `${op.pointer}/parameters`, inputs: { ...valid, query } });
  return [...out, ...extra];
}
