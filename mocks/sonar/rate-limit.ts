/** Per-credential rate limiting in fixed windows (the spec's decision on 429), set by POST /__control/setRateLimit. */
import type { MockContext, MockResponse } from '../kernel/types';
import { fail } from './errors';
import { SECOND_MS, type SonarState } from './state';

/** Counts the request in its credential's window, or answers 429 with the seconds until the window ends. */
export function rateLimited(ctx: MockContext<SonarState>, credential: string): MockResponse | undefined {
  const { limit, windowSeconds } = ctx.state.rateLimit;
  const now = ctx.clock.now();
  let window = ctx.state.rateWindows.get(credential);
  if (!window || now >= window.startedAt + windowSeconds * SECOND_MS) {
    window = { startedAt: now, count: 0 };
    ctx.state.rateWindows.set(credential, window);
  }
  if (window.count < limit) {
    window.count += 1;
    return undefined;
  }
  const retryAfter = Math.max(1, Math.ceil((window.startedAt + windowSeconds * SECOND_MS - now) / SECOND_MS));
  const res = fail(ctx, 429, 'rate_limited', `Rate limit of ${limit} requests per ${windowSeconds} seconds exceeded; retry in ${retryAfter} seconds.`, { retry_after: retryAfter });
  return { ...res, headers: { 'retry-after': String(retryAfter) } };
}
