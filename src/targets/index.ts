/**
 * Targets: which base URL and which credentials a run uses for a provider.
 *  - mock (default): the built-in mocks, started by the suite itself; no credentials needed.
 *  - sandbox: the documented sandbox server (or <PROVIDER>_BASE_URL), credentials from the environment / .env.
 *  - production: read-only; the ApiClient refuses operations that are not marked safe for production.
 */
import * as fs from 'node:fs';
import * as dotenv from 'dotenv';
import { ConformanceError } from '../errors';
import type { Spec } from '../openapi';

export const TARGETS = ['mock', 'sandbox', 'production'] as const;
export type TargetName = (typeof TARGETS)[number];
export type Environment = 'sandbox' | 'production';

export function parseTarget(value: string | undefined): TargetName {
  const v = (value ?? 'mock').trim().toLowerCase() || 'mock';
  if ((TARGETS as readonly string[]).includes(v)) return v as TargetName;
  throw new ConformanceError('BAD_ARGUMENTS', `Unknown target "${value}". Use one of: ${TARGETS.join(', ')} (CONFORMANCE_TARGET or --target).`);
}

/**
 * GEN-UNDECLARED strictness: fields the spec does not declare fail the run (strict) or are reported as additive drift
 * (warnings). Strict on the mock target (the built-in mocks must send exactly what their spec declares); off on sandbox
 * and production, where providers add fields without notice, unless CONFORMANCE_STRICT (or `run --strict`) says so.
 */
export function strictUndeclared(target: TargetName, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CONFORMANCE_STRICT?.trim().toLowerCase();
  if (v === undefined || v === '') return target === 'mock';
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConformanceError('BAD_ARGUMENTS', `CONFORMANCE_STRICT is "${env.CONFORMANCE_STRICT}"; use 1 (undeclared fields fail the run) or 0 (they are warnings, listed as additive drift).`);
}

export function environmentOf(target: TargetName): Environment {
  return target === 'production' ? 'production' : 'sandbox';
}

export interface ProviderTarget {
  provider: string;
  target: TargetName;
  environment: Environment;
  /** Base URL of the provider API including the server path ("https://sandbox-api.sahha.ai/api/v1"). */
  baseUrl: string;
  /** Credential variables found (name -> value). Values are secrets: register them with the redactor. */
  credentials: Record<string, string>;
  /** Required credential variables that are not set (the provider is skipped with this reason). */
  missingCredentials: string[];
  /** Mock target only: the control surface of each running instance, by environment. */
  control?: Partial<Record<Environment, string>>;
  /** Mock target only: base URLs of every environment instance (Sahha runs sandbox and production). */
  baseUrls?: Partial<Record<Environment, string>>;
  /** Mock target only: the credentials of each environment instance. */
  credentialsByEnvironment?: Partial<Record<Environment, Record<string, string>>>;
}

export const envPrefix = (provider: string): string => provider.toUpperCase();
export const baseUrlVariable = (provider: string): string => `${envPrefix(provider)}_BASE_URL`;

/**
 * Loads a dotenv file into process.env without overriding variables already set. A malformed line is a
 * clear error (exit 2) naming the file and line. A missing default `.env` is fine; a missing explicit one is not.
 */
export function loadEnvFile(file: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = file !== undefined;
  const path = file ?? '.env';
  if (!fs.existsSync(path)) {
    if (explicit) throw new ConformanceError('BAD_ARGUMENTS', `The env file ${path} does not exist. Pass an existing file with --env-file, or copy .env.example to .env ("npx conformance init" writes .env.example).`);
    return undefined;
  }
  const text = fs.readFileSync(path, 'utf8');
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    if (!/^(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/.test(t)) {
      throw new ConformanceError('CONFIG_INVALID', `${path}:${i + 1} is not a KEY=value line. Fix or remove it (comments start with #).`);
    }
  });
  const parsed = dotenv.parse(text);
  for (const [k, v] of Object.entries(parsed)) if (env[k] === undefined) env[k] = v;
  return path;
}

/** Resolves a sandbox or production target from the spec's servers, the base-URL override and the environment. */
export function resolveRemoteTarget(
  spec: Spec,
  target: Exclude<TargetName, 'mock'>,
  credentials: { required: string[]; optional: string[] },
  env: NodeJS.ProcessEnv = process.env,
): ProviderTarget {
  const environment = environmentOf(target);
  const override = env[baseUrlVariable(spec.provider)];
  const server = spec.server(environment);
  const baseUrl = override?.trim() || server?.url;
  if (!baseUrl) {
    throw new ConformanceError('CONFIG_INVALID', `The ${spec.provider} spec documents no ${environment} server and ${baseUrlVariable(spec.provider)} is not set.`);
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new ConformanceError('BAD_ARGUMENTS', `${baseUrlVariable(spec.provider)}="${baseUrl}" is not a URL. Use e.g. http://127.0.0.1:4010/api/v1.`);
  }
  const found: Record<string, string> = {};
  for (const name of [...credentials.required, ...credentials.optional]) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') found[name] = v.trim();
  }
  return {
    provider: spec.provider,
    target,
    environment,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    credentials: found,
    missingCredentials: credentials.required.filter((n) => found[n] === undefined),
  };
}

export function skipReason(t: ProviderTarget): string | undefined {
  if (t.missingCredentials.length === 0) return undefined;
  return `${t.provider} skipped on the ${t.target} target: missing ${t.missingCredentials.join(', ')}. Set ${t.missingCredentials.length === 1 ? 'it' : 'them'} in the environment or in .env (see .env.example; "npx conformance init" writes one).`;
}
