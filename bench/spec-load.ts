/**
 * Section 3 (and the load/compile part of section 4): how long a spec takes to lint (redocly.yaml), bundle,
 * index (new Spec: operation index, servers, decisions, Ajv set-up), and to compile every response validator.
 * Each phase is measured on fresh objects, so no cache of src/openapi hides the cost (loadSpec caches per process).
 */
import { loadAndBundle } from '../src/openapi/redocly';
import { lintSpecFile, Spec, type JsonSchema } from '../src/openapi';
import { median, timed } from './util';

export interface SpecTimings {
  operations: number;
  /** Response schemas compiled (each twice: as written for GEN-SCHEMA, closed for GEN-UNDECLARED). */
  responseSchemas: number;
  lintMs: number;
  bundleMs: number;
  indexMs: number;
  /** What loadSpec does: lint + bundle + new Spec. */
  loadMs: number;
  compileMs: number;
  lintProblems: number;
}

/** Compiles (by validating once) every response schema of every operation, as written and closed. Returns how many. */
export function compileResponseValidators(spec: Spec): number {
  let n = 0;
  for (const op of spec.operations.values()) {
    for (const response of op.responses) {
      for (const media of response.content) {
        if (media.schema === undefined) continue;
        const value = media.examples[0]?.value ?? null;
        spec.validators.validateAt(media.schemaPointer, media.schema as JsonSchema, value, { label: 'body' });
        spec.validators.validateAt(media.schemaPointer, media.schema as JsonSchema, value, { label: 'body', undeclared: true });
        n++;
      }
    }
  }
  return n;
}

async function once(provider: string, file: string): Promise<SpecTimings> {
  const lint = await timed(() => lintSpecFile(file));
  const bundle = await timed(() => loadAndBundle(file, { lint: false }));
  const index = await timed(() => new Spec(provider, bundle.value.file, bundle.value.document, lint.value.problems));
  const compile = await timed(() => compileResponseValidators(index.value));
  return {
    operations: index.value.operations.size,
    responseSchemas: compile.value,
    lintMs: lint.ms,
    bundleMs: bundle.ms,
    indexMs: index.ms,
    loadMs: lint.ms + bundle.ms + index.ms,
    compileMs: compile.ms,
    lintProblems: lint.value.problems.length,
  };
}

/** The median of `repeats` measurements of each phase (the first run of a process also pays module and config loading). */
export async function measureSpec(provider: string, file: string, repeats = 3): Promise<SpecTimings> {
  const runs: SpecTimings[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await once(provider, file));
  const m = (k: keyof SpecTimings) => median(runs.map((r) => r[k]));
  return {
    operations: runs[0]!.operations,
    responseSchemas: runs[0]!.responseSchemas,
    lintMs: m('lintMs'),
    bundleMs: m('bundleMs'),
    indexMs: m('indexMs'),
    loadMs: m('loadMs'),
    compileMs: m('compileMs'),
    lintProblems: runs[0]!.lintProblems,
  };
}
