/** Deterministic seeding primitives of the Sonar mock: the shared PRNG and the ids and fake secrets drawn from it. */
import { drawFrom, LOWER_ALNUM } from '../kernel/seed';

export { mulberry32 } from '../kernel/seed';

/** `length` lower-case letters and digits drawn from the generator. */
export function suffixFrom(random: () => number, length = 12): string {
  return drawFrom(random, LOWER_ALNUM, length);
}

/** A fake id or secret with its prefix: `mockId(random, 'usr')` -> "usr_mock_k3x9…" (obviously not a real value). */
export function mockId(random: () => number, prefix: string, length = 12): string {
  return `${prefix}_mock_${suffixFrom(random, length)}`;
}

/** A number in [min, max] drawn from the generator, rounded to `decimals`. */
export function between(random: () => number, min: number, max: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round((min + random() * (max - min)) * f) / f;
}

/** One of the values, drawn from the generator. */
export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}
