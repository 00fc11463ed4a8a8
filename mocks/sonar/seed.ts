/** Deterministic seeding primitives of the Sonar mock: a small PRNG and the ids and fake secrets drawn from it. */

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` lower-case letters and digits drawn from the generator. */
export function suffixFrom(random: () => number, length = 12): string {
  return Array.from({ length }, () => LOWER_ALNUM[Math.floor(random() * LOWER_ALNUM.length)]).join('');
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
