/** Deterministic seeding primitives of the Synheart mock: a small PRNG and the ids, codes and secrets drawn from it. */

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

/** `length` characters of `alphabet` drawn from the generator. */
function drawFrom(random: () => number, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** RFC 8628 section 6.1: letters without vowels, easy to read and type. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export const hexFrom = (random: () => number, length: number) => drawFrom(random, HEX, length);
export const suffixFrom = (random: () => number, length = 12) => drawFrom(random, LOWER_ALNUM, length);

/** A version-4 UUID drawn from the generator. */
export function uuidFrom(random: () => number): string {
  const hex = hexFrom(random, 32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A user code as the spec documents it: `XXXX-XXXX` from the RFC 8628 alphabet. */
export function userCodeFrom(random: () => number): string {
  return `${drawFrom(random, USER_CODE_ALPHABET, 4)}-${drawFrom(random, USER_CODE_ALPHABET, 4)}`;
}

/** A number in [min, max] rounded to two decimals. */
export function between(random: () => number, min: number, max: number): number {
  return Math.round((min + random() * (max - min)) * 100) / 100;
}
