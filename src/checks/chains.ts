/**
 * GEN-STATEFUL: stateful chains derived from the spec's OpenAPI links, never from hand-typed paths. A chain starts at
 * an operation whose success response links to a DELETE operation (what it created can be removed) and to at least
 * one GET operation (it can be read). It runs: create -> read -> each update (a PATCH or PUT the create links to)
 * -> the reads the update's own success response links to, which must show the update -> delete -> the create's reads
 * again, which must answer 404 or 410.
 *
 * A link may name the credential its target is called with (`x-credential: $response.body#/profileToken`, a runtime
 * expression), for resources whose creation hands out their own token; otherwise a step keeps the credential of the
 * step that linked to it when its operation accepts that scheme, else its operation's first token kind.
 */
import { getByPointer, type OperationInfo, type Spec } from '../openapi';
import type { LinkInfo } from '../openapi/links';
import { isObj } from './schema-facts';

export interface ChainStep {
  /** The link followed (its target operation and runtime expressions). */
  link: LinkInfo;
  op: OperationInfo;
  /** Runtime expression of the credential the target is called with, when the link names one. */
  credential?: string;
  /** Where the link is written (for messages). */
  pointer: string;
}

export interface ChainUpdate {
  step: ChainStep;
  /** Reads linked from the update's success response: each must show the update. */
  readBack: ChainStep[];
  /** The success status of the update whose links give readBack. */
  status: number;
}

export interface Chain {
  /** "createUser -> getUser -> updateUser -> getUser -> deleteUser -> getUser". */
  name: string;
  create: OperationInfo;
  /** The success status of the create whose links start the chain. */
  status: number;
  reads: ChainStep[];
  updates: ChainUpdate[];
  remove: ChainStep;
}

/** Every link of one documented response, with the suite's `x-credential` extension kept. */
export function responseLinks(spec: Spec, op: OperationInfo, status: string): ChainStep[] {
  const response = op.responses.find((r) => r.status === status);
  const links = response ? getByPointer(spec.document, `${response.pointer}/links`) : undefined;
  if (!isObj(links)) return [];
  return Object.entries(links).flatMap(([name, raw]): ChainStep[] => {
    const link = isObj(raw) && typeof raw.$ref === 'string' ? getByPointer(spec.document, raw.$ref) : raw;
    if (!isObj(link) || typeof link.operationId !== 'string') return [];
    const target = spec.operations.get(link.operationId);
    if (!target) return [];
    const info: LinkInfo = { name, operationId: link.operationId, parameters: isObj(link.parameters) ? link.parameters : {}, requestBody: link.requestBody };
    const step: ChainStep = { link: info, op: target, pointer: `${response!.pointer}/links/${name}` };
    if (typeof link['x-credential'] === 'string') step.credential = link['x-credential'];
    return [step];
  });
}

const successStatuses = (op: OperationInfo) => op.responses.map((r) => r.status).filter((s) => /^2\d\d$/.test(s));

/** The chains of a spec, one per creating response that links to a delete and to a read. */
export function deriveChains(spec: Spec): Chain[] {
  const chains: Chain[] = [];
  for (const op of spec.operations.values()) {
    if (op.method === 'get' || op.method === 'delete') continue;
    for (const status of successStatuses(op)) {
      const steps = responseLinks(spec, op, status);
      const remove = steps.find((s) => s.op.method === 'delete');
      const reads = steps.filter((s) => s.op.method === 'get');
      if (!remove || reads.length === 0) continue;
      const updates = steps
        .filter((s) => s.op.method === 'patch' || s.op.method === 'put')
        .map((step): ChainUpdate => {
          const updateStatus = successStatuses(step.op)[0] ?? '200';
          return { step, status: Number(updateStatus), readBack: responseLinks(spec, step.op, updateStatus).filter((s) => s.op.method === 'get') };
        });
      const readNames = reads.map((r) => r.op.operationId).join(' + ');
      const parts = [op.operationId, readNames, ...updates.flatMap((u) => [u.step.op.operationId, ...(u.readBack.length ? [u.readBack.map((r) => r.op.operationId).join(' + ')] : [])]), remove.op.operationId, readNames];
      chains.push({ name: parts.join(' -> '), create: op, status: Number(status), reads, updates, remove });
    }
  }
  return chains;
}

/**
 * A link's parameters split by where they go: `path.x`, `query.x` and `header.x` say so; an unqualified name is a
 * path parameter of the target when it has one of that name, else a query parameter.
 */
export function placeParameters(op: OperationInfo, values: Record<string, unknown>): { pathParams: Record<string, string>; query: Record<string, string>; headers: Record<string, string> } {
  const out = { pathParams: {} as Record<string, string>, query: {} as Record<string, string>, headers: {} as Record<string, string> };
  for (const [key, value] of Object.entries(values)) {
    const m = /^(path|query|header)\.(.+)$/.exec(key);
    const where = m ? m[1]! : op.parameters.some((p) => p.in === 'path' && p.name === key) ? 'path' : 'query';
    const name = m ? m[2]! : key;
    if (where === 'path') out.pathParams[name] = String(value);
    else if (where === 'query') out.query[name] = String(value);
    else out.headers[name] = String(value);
  }
  return out;
}
