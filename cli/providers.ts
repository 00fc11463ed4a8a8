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
