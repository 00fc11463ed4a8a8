/** Deterministic seeding primitives of the Synheart mock: the shared PRNG and the ids, codes and secrets drawn from it. */
import { drawFrom, LOWER_ALNUM } from '../kernel/seed';

export { mulberry32, uuidFrom } from '../kernel/seed';

const HEX = '0123456789abcdef';
/** RFC 8628 section 6.1: letters without vowels, easy to read and type. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export const hexFrom = (random: () => number, length: number) => drawFrom(random, HEX, length);
export const suffixFrom = (random: () => number, length = 12) => drawFrom(random, LOWER_ALNUM, length);

/** An opaque snapshot id as the platform issues them (the spec's SnapshotIdValue; never a UUID in the public record). */
export const snapshotIdFrom = (random: () => number) => `hsi_snapshot_mock_${drawFrom(random, HEX, 16)}`;

/** A user code as the spec documents it: `XXXX-XXXX` from the RFC 8628 alphabet. */
export function userCodeFrom(random: () => number): string {
  return `${drawFrom(random, USER_CODE_ALPHABET, 4)}-${drawFrom(random, USER_CODE_ALPHABET, 4)}`;
}

/** A number in [min, max] rounded to two decimals. */
export function between(random: () => number, min: number, max: number): number {
  return Math.round((min + random() * (max - min)) * 100) / 100;
}
