/** Routing derived from the spec: the server's base path, then `paths` templates and their methods. */
import { matchPathTemplate, serverPathOf, type OperationInfo, type Spec } from '../../src/openapi';

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
  /**
   * The route of a request to an operation with servers of its own (path- or operation-level `servers`: Sahha's GET
   * /Version at the host root), matched on the whole request path; undefined when none of them matches.
   */
  routeOwnServer(method: string, requestPath: string): (Route & { relative: string }) | undefined;
}

/** The base path of the server whose x-environment matches (else the first server; "" without servers). */
export function basePathOf(spec: Spec, environment: string): string {
  const server = spec.server(environment) ?? spec.servers[0];
  return server ? serverPathOf(server.url) : '';
}

interface PathEntry {
  template: string;
  /** The path of the operations' own server (for this environment), when they have one. */
  ownPath?: string;
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

function ownPathOf(op: OperationInfo, environment: string): string | undefined {
  const own = op.servers.find((s) => s.environment === environment) ?? op.servers[0];
  return own ? serverPathOf(own.url) : undefined;
}

function pathEntries(spec: Spec, environment: string): PathEntry[] {
  const byTemplate = new Map<string, PathEntry>();
  for (const op of spec.operations.values()) {
    const ownPath = ownPathOf(op, environment);
    const key = `${ownPath ?? ''}\0${op.path}`;
    let entry = byTemplate.get(key);
    if (!entry) {
      entry = { template: op.path, ownPath, specificity: specificityOf(op.path), methods: new Map() };
      byTemplate.set(key, entry);
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
  const all = pathEntries(spec, environment);
  const entries = all.filter((e) => e.ownPath === undefined);
  const ownEntries = all.filter((e) => e.ownPath !== undefined);
  const match = (list: PathEntry[], method: string, path: (e: PathEntry) => string | undefined): Route => {
    const matches = list.flatMap((entry) => {
      const relative = path(entry);
      const pathParams = relative === undefined ? null : matchPathTemplate(entry.template, relative);
      return pathParams ? [{ entry, pathParams }] : [];
    });
    if (matches.length === 0) return { kind: 'not_found' };
    for (const { entry, pathParams } of matches) {
      const op = entry.methods.get(method.toUpperCase());
      if (op) return { kind: 'operation', op, pathParams };
    }
    return { kind: 'method_not_allowed', allow: [...matches[0]!.entry.methods.keys()] };
  };
  return {
    basePath,
    relative(requestPath) {
      if (requestPath === basePath) return '/';
      return requestPath.startsWith(`${basePath}/`) ? requestPath.slice(basePath.length) : undefined;
    },
    route(method, relativePath) {
      if (!isDecodable(relativePath)) return { kind: 'not_found' };
      return match(entries, method, () => relativePath);
    },
    routeOwnServer(method, requestPath) {
      if (ownEntries.length === 0 || !isDecodable(requestPath)) return undefined;
      const below = (e: PathEntry) => (e.ownPath === '' ? requestPath : requestPath.startsWith(`${e.ownPath}/`) ? requestPath.slice(e.ownPath!.length) : undefined);
      const route = match(ownEntries, method, below);
      if (route.kind === 'not_found') return undefined;
      const entry = ownEntries.find((e) => below(e) !== undefined && matchPathTemplate(e.template, below(e)!));
      return { ...route, relative: entry ? below(entry)! : requestPath };
    },
  };
}
