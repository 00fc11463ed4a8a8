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
