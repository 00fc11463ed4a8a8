/**
 * The only door to @redocly/openapi-core: resolve, version gate, lint with the project's redocly.yaml, bundle.
 * Problems come back as sentences that name the file, the line and the JSON pointer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundle,
  getLineColLocation,
  lint,
  loadConfig,
  type Config,
  parseYaml,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import { ConformanceError } from '../errors';
import type { OpenApiDocument } from './types';
import { yamlPointerAt } from './yaml-pointer';

export interface SpecProblem {
  severity: 'error' | 'warn';
  rule: string;
  message: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
}

/**
 * Project root: the folder that holds package.json, redocly.yaml, specs/ and catalog/. Found by walking up from this
 * file, so that it is the same folder from the sources (src/openapi) and from the compiled package (dist/src/openapi,
 * installed under a user's node_modules). The user's own files (.env, the baseline, reports/) are not here: they are
 * taken from the current folder.
 */
export const PROJECT_ROOT = packageRoot(__dirname);

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}
export const DEFAULT_REDOCLY_CONFIG = path.join(PROJECT_ROOT, 'redocly.yaml');

const configCache = new Map<string, Promise<Config>>();

function getConfig(configPath: string): Promise<Config> {
  let cfg = configCache.get(configPath);
  if (!cfg) {
    cfg = loadConfig({ configPath }).catch((err: unknown) => {
      configCache.delete(configPath);
      throw new ConformanceError('CONFIG_INVALID', `The Redocly configuration ${configPath} could not be loaded: ${errorText(err)}`, { cause: err });
    });
    configCache.set(configPath, cfg);
  }
  return cfg;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toProblem(p: NormalizedProblem): SpecProblem {
  const loc = p.location[0];
  let line = 1;
  let column = 1;
  let file = '(unknown file)';
  let pointer = '#/';
  if (loc) {
    file = path.relative(process.cwd(), loc.source.absoluteRef) || loc.source.absoluteRef;
    pointer = loc.pointer ?? '#/';
    try {
      const lc = getLineColLocation(loc);
      line = lc.start.line;
      column = lc.start.col;
    } catch {
      /* keep line 1 when the source cannot be mapped */
    }
  }
  return {
    severity: p.severity === 'error' ? 'error' : 'warn',
    rule: p.ruleId,
    message: p.message,
    file,
    line,
    column,
    pointer,
  };
}

export function formatProblem(p: SpecProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.severity} [${p.rule}] ${p.message} (at ${p.pointer})`;
}

/** The pointer of the block holding a line of a file that does not parse ("#/" when the file cannot be read). */
function pointerNearLine(file: string, line: number): string {
  try {
    return yamlPointerAt(fs.readFileSync(file, 'utf8'), line);
  } catch {
    return '#/';
  }
}

/**
 * A YAML syntax error is reported by the resolver as an exception whose mark holds the position; the pointer is
 * that of the block the line sits in, read from the indentation above it (there is no parse tree to ask).
 */
function yamlErrorProblem(file: string, err: unknown): SpecProblem {
  const e = err as { mark?: { line?: number; column?: number }; reason?: string; message?: string; originalError?: { mark?: { line?: number; column?: number }; reason?: string } };
  const inner = e.originalError ?? e;
  const mark = inner.mark ?? e.mark;
  const line = (mark?.line ?? 0) + 1;
  return {
    severity: 'error',
    rule: 'yaml-syntax',
    message: `YAML syntax error: ${inner.reason ?? e.reason ?? (e.message ?? String(err)).split('\n')[0]}`,
    file: path.relative(process.cwd(), file) || file,
    line,
    column: (mark?.column ?? 0) + 1,
    pointer: pointerNearLine(file, line),
  };
}

export interface LintResult {
  problems: SpecProblem[];
  errors: SpecProblem[];
}

export async function lintSpecFile(file: string, configPath = DEFAULT_REDOCLY_CONFIG): Promise<LintResult> {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new ConformanceError('SPEC_NOT_FOUND', `The spec file ${file} does not exist. Check the path, or run from the project root.`);
  }
  const config = await getConfig(configPath);
  let problems: SpecProblem[];
  try {
    problems = (await lint({ ref: abs, config })).map(toProblem);
  } catch (err) {
    problems = [yamlErrorProblem(abs, err)];
  }
  return { problems, errors: problems.filter((p) => p.severity === 'error') };
}

export interface BundledSpec {
  file: string;
  document: OpenApiDocument;
  problems: SpecProblem[];
}

/**
 * Lint and bundle a spec. Any lint error (YAML syntax, dangling $ref, invalid schema, project rule) stops
 * with a ConformanceError whose message lists every problem as `file:line:col ... (at #/pointer)`.
 */
export async function loadAndBundle(file: string, opts: { configPath?: string; lint?: boolean } = {}): Promise<BundledSpec> {
  const abs = path.resolve(file);
  const configPath = opts.configPath ?? DEFAULT_REDOCLY_CONFIG;
  let problems: SpecProblem[] = [];
  if (opts.lint !== false) {
    const result = await lintSpecFile(abs, configPath);
    problems = result.problems;
    if (result.errors.length > 0) {
      throw specInvalid(file, result.errors);
    }
  }
  const config = await getConfig(configPath);
  let bundled;
  try {
    bundled = await bundle({ ref: abs, config, dereference: false });
  } catch (err) {
    throw specInvalid(file, [yamlErrorProblem(abs, err)]);
  }
  const bundleErrors = bundled.problems.map(toProblem).filter((p) => p.severity === 'error');
  if (bundleErrors.length > 0) throw specInvalid(file, bundleErrors);
  const document = bundled.bundle.parsed as OpenApiDocument;
  if (!document || typeof document !== 'object' || typeof (document as { openapi?: unknown }).openapi !== 'string' || !String(document.openapi).startsWith('3.1')) {
    throw specInvalid(file, [{ severity: 'error', rule: 'version-gate', message: `Only OpenAPI 3.1 is supported; this document says openapi: ${String((document as { openapi?: unknown })?.openapi)}.`, file, line: 1, column: 1, pointer: '#/openapi' }]);
  }
  return { file: abs, document, problems };
}

function specInvalid(file: string, errors: SpecProblem[]): ConformanceError {
  const lines = errors.map((e) => `  ${formatProblem(e)}`).join('\n');
  return new ConformanceError(
    'SPEC_INVALID',
    `The spec ${path.relative(process.cwd(), file) || file} is broken (${errors.length} error${errors.length === 1 ? '' : 's'}); fix these and run again:\n${lines}`,
  );
}

/**
 * Parses a single-file spec synchronously, without linting: for test collection, which cannot await.
 * The run's global setup lints the same file first, so a broken spec never gets this far unnoticed.
 */
export function parseSpecFileSync(file: string): OpenApiDocument {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) {
    throw new ConformanceError('SPEC_NOT_FOUND', `The spec file ${file} does not exist. Check the path, or run from the project root.`);
  }
  try {
    return parseYaml(fs.readFileSync(abs, 'utf8')) as OpenApiDocument;
  } catch (err) {
    throw specInvalid(file, [yamlErrorProblem(abs, err)]);
  }
}

/** Any YAML file parsed with the same parser as the specs (the example CI workflow's test reads one). */
export function readYamlFile(file: string): unknown {
  return parseYaml(fs.readFileSync(file, 'utf8'));
}
