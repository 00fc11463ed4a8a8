/** Deterministic seeding primitives: the shared PRNG and the ids and token suffixes drawn from it. */
import { drawFrom, LOWER_ALNUM } from '../kernel/seed';

export { mulberry32, uuidFrom } from '../kernel/seed';

/** Letters and digits drawn from the generator (token suffixes). */
export function suffixFrom(random: () => number, length = 10): string {
  return drawFrom(random, LOWER_ALNUM, length);
}
