/** Deterministic seeding primitives shared by the mocks: one small PRNG and what is drawn from it. */

export type Random = () => number;

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). Same seed, same sequence. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` characters of `alphabet` drawn from the generator. */
export function drawFrom(random: Random, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A version-4 UUID drawn from the generator. */
export function uuidFrom(random: Random): string {
  const hex = drawFrom(random, '0123456789abcdef', 32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
