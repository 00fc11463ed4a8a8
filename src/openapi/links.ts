/**
 * OpenAPI links and their runtime expressions: how the answer of one operation feeds another. The suite uses the
 * links of a success response whose target is a DELETE operation as that resource's clean-up: what a sandbox run
 * creates is deleted at its end through them (src/run/cleanup.ts).
 *
 * Runtime expressions read: `$response.body#/json/pointer`, `$request.body#/pointer`, `$request.path.name`,
 * `$request.query.name`, `$request.header.name`, `$statusCode`. A link's `requestBody` may be an expression or a
 * JSON value whose string leaves that are expressions are evaluated (the spec's way to say "a body built from the
 * answer"); anything else is a literal.
 */
import type { Spec } from './index';
import { getByPointer } from './operations';
import type { OperationInfo } from './types';

export interface LinkInfo {
  name: string;
  operationId: string;
  parameters: Record<string, unknown>;
  requestBody?: unknown;
}

export interface ExpressionContext {
  request: { pathParams?: Record<string, string | number>; query?: Record<string, unknown>; headers?: Record<string, string>; json?: unknown };
  response: { status: number; json: unknown };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The links of the documented response for a status (exact status only). */
export function linksOf(spec: Spec, op: OperationInfo, status: number): LinkInfo[] {
  const response = op.responses.find((r) => r.status === String(status));
  const links = response ? getByPointer(spec.document, `${response.pointer}/links`) : undefined;
  if (!isObj(links)) return [];
  return Object.entries(links).flatMap(([name, raw]) => {
    const link = isObj(raw) && typeof raw.$ref === 'string' ? getByPointer(spec.document, raw.$ref) : raw;
    if (!isObj(link) || typeof link.operationId !== 'string') return [];
    return [{ name, operationId: link.operationId, parameters: isObj(link.parameters) ? link.parameters : {}, requestBody: link.requestBody }];
  });
}

/** The links of an answer that delete what it created (their target operation is a DELETE). */
export function cleanupLinksOf(spec: Spec, op: OperationInfo, status: number): LinkInfo[] {
  return linksOf(spec, op, status).filter((l) => spec.operations.get(l.operationId)?.method === 'delete');
}

/** Thrown when an expression names a value the exchange does not have. */
export class MissingValueError extends Error {}

function pointerIn(value: unknown, pointer: string, expression: string): unknown {
  const found = pointer === '' ? value : getByPointer(value, pointer);
  if (found === undefined || found === null) throw new MissingValueError(`${expression} names no value in this exchange`);
  return found;
}

const named = (map: Record<string, unknown> | undefined, name: string, expression: string, lower = false): unknown => {
  const entry = Object.entries(map ?? {}).find(([k]) => (lower ? k.toLowerCase() === name.toLowerCase() : k === name));
  if (entry === undefined || entry[1] === undefined) throw new MissingValueError(`${expression} names no value in this exchange`);
  return entry[1];
};

/** Evaluates one value of a link: a runtime expression, or a literal. */
export function evaluate(value: unknown, ctx: ExpressionContext): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    if (value === '$statusCode') return ctx.response.status;
    const body = /^\$(response|request)\.body(?:#(.*))?$/.exec(value);
    if (body) return pointerIn(body[1] === 'response' ? ctx.response.json : ctx.request.json, body[2] ?? '', value);
    const part = /^\$request\.(path|query|header)\.(.+)$/.exec(value);
    if (part) {
      const [, where, name] = part;
      if (where === 'path') return named(ctx.request.pathParams, name!, value);
      if (where === 'query') return named(ctx.request.query, name!, value);
      return named(ctx.request.headers, name!, value, true);
    }
    throw new MissingValueError(`${value} is not a runtime expression this suite reads`);
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, ctx)]));
  return value;
}
