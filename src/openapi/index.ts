/**
 * The spec engine: loads, lints and bundles a provider's OpenAPI 3.1 spec, and exposes its operation index,
 * its servers, its decisions and cached validators. The single source of truth for everything else.
 */
import * as path from 'node:path';
import { loadAndBundle, parseSpecFileSync, PROJECT_ROOT, type SpecProblem } from './redocly';
import { buildOperationIndex, collectDecisions, collectObservations, listServers } from './operations';
import { SchemaValidators } from './validators';
import { ConformanceError } from '../errors';
import type { Decision, Observation, OpenApiDocument, OperationInfo, ServerInfo } from './types';

export * from './types';
export { formatProblem, lintSpecFile, PROJECT_ROOT, readYamlFile, type SpecProblem } from './redocly';
export { escapePointer, exampleObjects, fillPathTemplate, findResponse, getByPointer, matchPathTemplate, pointerOf, resolveRef } from './operations';
export { readablePath, SchemaValidators, type Diagnostic, type ValidateOptions } from './validators';

export const PROVIDERS = ['sahha', 'sonar', 'synheart'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const SPECS_DIR = path.join(PROJECT_ROOT, 'specs');
/** The spec file of a provider: CONFORMANCE_SPEC_<PROVIDER> when set (a draft, a fork), else specs/<provider>.openapi.yaml. */
export function specFileFor(provider: string): string {
  const override = process.env[`CONFORMANCE_SPEC_${provider.toUpperCase()}`]?.trim();
  return override ? path.resolve(override) : path.join(SPECS_DIR, `${provider}.openapi.yaml`);
}

export class Spec {
  readonly operations: Map<string, OperationInfo>;
  readonly servers: ServerInfo[];
  readonly decisions: Decision[];
  readonly observations: Observation[];
  readonly validators: SchemaValidators;

  constructor(
    readonly provider: string,
    readonly file: string,
    readonly document: OpenApiDocument,
    readonly problems: SpecProblem[] = [],
  ) {
    this.operations = buildOperationIndex(provider, document);
    this.servers = listServers(document);
    this.decisions = collectDecisions(document);
    this.observations = collectObservations(document);
    this.validators = new SchemaValidators(document, provider);
  }

  get version(): string {
    return this.document.info?.version ?? '0';
  }

  operation(operationId: string): OperationInfo {
    const op = this.operations.get(operationId);
    if (!op) {
      throw new ConformanceError('SPEC_INVALID', `The ${this.provider} spec has no operation "${operationId}". Known: ${[...this.operations.keys()].join(', ')}.`);
    }
    return op;
  }

  server(environment: string): ServerInfo | undefined {
    return this.servers.find((s) => s.environment === environment);
  }

  /**
   * The path an operation is served under on a base URL of the document's server (a mock, a base-URL override):
   * the document server's path is replaced by the path of the operation's own server for that environment
   * ("/api/v1" -> "" for Sahha's GET /Version at the host root). The base URL as given when the operation has none.
   */
  operationBase(op: OperationInfo, baseUrl: string, environment: string): string {
    const own = op.servers.find((s) => s.environment === environment) ?? op.servers[0];
    if (!own) return baseUrl;
    const docPath = serverPathOf(this.server(environment)?.url ?? this.servers[0]?.url ?? '');
    const trimmed = baseUrl.replace(/\/+$/, '');
    const root = docPath && trimmed.endsWith(docPath) ? trimmed.slice(0, -docPath.length) : new URL(trimmed).origin;
    return root + serverPathOf(own.url);
  }
}

/** The path part of a server URL, absolute or relative, without a trailing slash ("" for the root). */
export function serverPathOf(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
}

const cache = new Map<string, Promise<Spec>>();

/** Loads (once per process) the spec of a provider, or of an explicit file. Throws ConformanceError (exit 2) when broken. */
export function loadSpec(provider: string, file = specFileFor(provider)): Promise<Spec> {
  const key = `${provider}\0${file}`;
  let p = cache.get(key);
  if (!p) {
    p = loadAndBundle(file).then((b) => new Spec(provider, b.file, b.document, b.problems));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

const syncCache = new Map<string, Spec>();

/** Synchronous, unlinted load for test collection (see parseSpecFileSync). Cached per process. */
export function loadSpecSync(provider: string, file = specFileFor(provider)): Spec {
  const key = `${provider}\0${file}`;
  let spec = syncCache.get(key);
  if (!spec) {
    spec = new Spec(provider, file, parseSpecFileSync(file));
    syncCache.set(key, spec);
  }
  return spec;
}
