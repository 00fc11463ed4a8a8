/**
 * The request budget of the deeper phases: at most so many requests per provider and per operation, so that a run
 * against a rate-limited sandbox stays within a stated multiple of the generated checks' own count. The mock target
 * runs the full depth unless a limit is given. Pure: the count lives in a counter the caller provides (the run store,
 * shared by the workers); a phase asks before each request and stops, saying so, when the budget is spent.
 */
export interface BudgetLimits {
  /** Most deep-phase requests to one provider in the whole run (null: no limit). */
  perProvider: number | null;
  /** Most deep-phase requests to one operation (null: no limit). */
  perOperation: number | null;
}

/**
 * The defaults off the mock target: 100 per provider and 8 per operation. Today's generated checks and scenarios send
 * 130 to 385 requests per provider (a run against the mocks, control calls left out), so the deep phases add at
 * most 0.8 of the provider's count: a sandbox run stays within 1.8 times today's.
 */
export const SANDBOX_LIMITS: BudgetLimits = { perProvider: 100, perOperation: 8 };
export const MOCK_LIMITS: BudgetLimits = { perProvider: null, perOperation: null };

/** Reads `--max-requests` / CONFORMANCE_MAX_REQUESTS: "N" (per provider), "N/M" (per provider / per operation), "0" none. */
export function parseMaxRequests(value: string | undefined, target: string): BudgetLimits {
  const defaults = target === 'mock' ? MOCK_LIMITS : SANDBOX_LIMITS;
  if (value === undefined || value.trim() === '') return defaults;
  const m = /^\s*(\d+|-)\s*(?:\/\s*(\d+|-)\s*)?$/.exec(value);
  if (!m) throw new RangeError(`--max-requests takes N or N/M (deep-phase requests per provider, and per operation; "-" for no limit), for example 100/8; got "${value}".`);
  const num = (s: string | undefined, fallback: number | null) => (s === undefined ? fallback : s === '-' ? null : Number(s));
  return { perProvider: num(m[1], defaults.perProvider), perOperation: num(m[2], defaults.perOperation) };
}

export function describeLimits(l: BudgetLimits): string {
  const part = (n: number | null, what: string) => (n === null ? `no limit ${what}` : `${n} ${what}`);
  return `${part(l.perProvider, 'per provider')}, ${part(l.perOperation, 'per operation')}`;
}

/** Counts requests under a key and answers the count after adding one (the run store, or a map in a unit test). */
export interface BudgetCounter {
  add(key: string): Promise<number>;
}

export class RequestBudget {
  constructor(
    readonly provider: string,
    readonly limits: BudgetLimits,
    private readonly counter: BudgetCounter,
  ) {}

  /** Takes one request for an operation: false (nothing taken beyond the count) when either limit is reached. */
  async take(operationId: string): Promise<boolean> {
    const { perProvider, perOperation } = this.limits;
    if (perOperation !== null && (await this.counter.add(`op:${this.provider}:${operationId}`)) > perOperation) return false;
    if (perProvider !== null && (await this.counter.add(`provider:${this.provider}`)) > perProvider) return false;
    return true;
  }
}

/** A counter over a map (one worker; unit tests). */
export function memoryCounter(): BudgetCounter {
  const counts = new Map<string, number>();
  return {
    async add(key) {
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n;
    },
  };
}
