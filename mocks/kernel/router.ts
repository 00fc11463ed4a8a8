/** Routing derived from the spec: the server's base path, then `paths` templates and their methods. */
import { matchPathTemplate, type OperationInfo, type Spec } from '../../src/spec';

export type Route =
  | { kind: 'operation'; op: OperationInfo; pathParams: Record<string, string> }
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed'; allow: string[] };

export interface Router {
  /** Path of the spec server this router serves ("/api/v1"; "" for the root). */
  basePath: string;
  /** The path below the base path ("/profile/score"), or undefined when the request path is outside it. */
  relative(requestPath: string): string | undefined;
  route(method: string, relativePath: string): Route;
}

/** The path part of a server URL, absolute or relative, without a trailing slash. */
export function serverPath(url: string): string {
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutOrigin.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/** The base path of the server whose x-environment matches (else the first server; "" without servers). */
export function basePathOf(spec: Spec, environment: string): string {
  const server = spec.server(environment) ?? spec.servers[0];
  return server ? serverPath(server.url) : '';
}

interface PathEntry {
  template: string;
  /** 1 per literal segment, 0 per templated one: compared left to right, literal wins. */
  specificity: number[];
  methods: Map<string, OperationInfo>;
}

const specificityOf = (template: string) => template.split('/').map((segment) => (segment.includes('{') ? 0 : 1));

function compareSpecificity(a: PathEntry, b: PathEntry): number {
  const length = Math.max(a.specificity.length, b.specificity.length);
  for (let i = 0; i < length; i++) {
    const diff = (b.specificity[i] ?? 0) - (a.specificity[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function pathEntries(spec: Spec): PathEntry[] {
  const byTemplate = new Map<string, PathEntry>();
  for (const op of spec.operations.values()) {
    let entry = byTemplate.get(op.path);
    if (!entry) {
      entry = { template: op.path, specificity: specificityOf(op.path), methods: new Map() };
      byTemplate.set(op.path, entry);
    }
    entry.methods.set(op.method.toUpperCase(), op);
  }
  return [...byTemplate.values()].sort(compareSpecificity);
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function createRouter(spec: Spec, environment: string): Router {
  const basePath = basePathOf(spec, environment);
  const entries = pathEntries(spec);
  return {
    basePath,
    relative(requestPath) {
      if (requestPath === basePath) return '/';
      return requestPath.startsWith(`${basePath}/`) ? requestPath.slice(basePath.length) : undefined;
    },
    route(method, relativePath) {
      if (!isDecodable(relativePath)) return { kind: 'not_found' };
      const matches = entries.flatMap((entry) => {
        const pathParams = matchPathTemplate(entry.template, relativePath);
        return pathParams ? [{ entry, pathParams }] : [];
      });
      if (matches.length === 0) return { kind: 'not_found' };
      for (const { entry, pathParams } of matches) {
        const op = entry.methods.get(method.toUpperCase());
        if (op) return { kind: 'operation', op, pathParams };
      }
      return { kind: 'method_not_allowed', allow: [...matches[0]!.entry.methods.keys()] };
    },
  };
}
