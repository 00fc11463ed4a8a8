import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConformanceError } from '../src/errors';
import type { ProviderName } from '../src/openapi';

/** Parses repeated or comma-joined --provider values against the known providers. */
export function selectProviders(values: string[] | undefined, known: readonly ProviderName[]): ProviderName[] {
  const wanted = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (wanted.length === 0) return [...known];
  const unknown = wanted.filter((w) => !(known as readonly string[]).includes(w));
  if (unknown.length) throw new ConformanceError('BAD_ARGUMENTS', `Unknown provider ${unknown.map((u) => `"${u}"`).join(', ')}. Known: ${known.join(', ')}.`);
  return known.filter((k) => wanted.includes(k));
}

/**
 * `--spec provider=path` (repeatable, for every command): a team's own copy of a provider's spec for this run, set as
 * CONFORMANCE_SPEC_<PROVIDER> so the workers and the reporter read it too. Paths, also of a CONFORMANCE_SPEC_<PROVIDER>
 * set beforehand, are made absolute from the current folder; a file that does not exist is a bad argument (exit 2).
 */
export function applySpecOverrides(values: readonly string[], known: readonly ProviderName[], env: NodeJS.ProcessEnv = process.env): void {
  for (const value of values) {
    const m = /^([^=]+)=(.+)$/.exec(value.trim());
    if (!m) throw new ConformanceError('BAD_ARGUMENTS', `--spec takes provider=path, for example --spec sonar=openapi/sonar.yaml; got "${value}".`);
    const [provider] = selectProviders([m[1]!], known);
    const file = path.resolve(m[2]!.trim());
    if (!fs.existsSync(file)) throw new ConformanceError('BAD_ARGUMENTS', `The spec file ${m[2]!.trim()} (--spec ${value.trim()}) does not exist in ${process.cwd()}. Give the path of your copy of the ${provider} spec.`);
    env[specVariable(provider!)] = file;
  }
  for (const provider of known) {
    const variable = specVariable(provider);
    const value = env[variable]?.trim();
    if (!value) continue;
    const file = path.resolve(value);
    if (!fs.existsSync(file)) throw new ConformanceError('BAD_ARGUMENTS', `${variable} names ${value}, which does not exist in ${process.cwd()}. Give the path of your copy of the ${provider} spec, or unset ${variable}.`);
    env[variable] = file;
  }
}

const specVariable = (provider: string) => `CONFORMANCE_SPEC_${provider.toUpperCase()}`;

/**
 * Takes every `--spec provider=path` (or `--spec=provider=path`) out of a command's arguments: the option belongs to
 * every command, and the commands' own parsers never see it.
 */
export function extractSpecOptions(argv: readonly string[]): { specs: string[]; rest: string[] } {
  const specs: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--spec=')) specs.push(arg.slice('--spec='.length));
    else if (arg === '--spec') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new ConformanceError('BAD_ARGUMENTS', '--spec takes provider=path, for example --spec sonar=openapi/sonar.yaml; got nothing.');
      specs.push(value);
      i++;
    } else rest.push(arg);
  }
  return { specs, rest };
}
