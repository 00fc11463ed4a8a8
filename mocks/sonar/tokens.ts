/** Minting user tokens and mobile tokens (opaque fake values), with expiries from the spec's lifetimes on the mock clock. */
import type { FaultSet } from '../kernel/types';
import { FAULT } from './fault-names';
import { mockId, suffixFrom } from './seed';
import { HOUR_MS, SECOND_MS, wholeSecond, type MobileTokenRecord, type SonarState, type UserRecord, type UserTokenRecord } from './state';

/** The lifetime a user token gets under the user-token-lifetime-24h fault. */
const WRONG_USER_TOKEN_LIFETIME_MS = 24 * HOUR_MS;

export function mintUserToken(state: SonarState, faults: FaultSet, user: UserRecord, now: number): UserTokenRecord {
  const issuedAt = wholeSecond(now);
  const lifetime = faults.has(FAULT.userTokenLifetime24h) ? WRONG_USER_TOKEN_LIFETIME_MS : state.facts.lifetimeSeconds.userToken * SECOND_MS;
  const token: UserTokenRecord = { value: mockId(state.random, 'ut', 24), userId: user.id, environment: user.environment, issuedAt, expiresAt: issuedAt + lifetime };
  state.userTokens.set(token.value, token);
  return token;
}

/** The user's token that expires last (what the refresh-keeps-expiry fault hands out again). */
export function latestUserToken(state: SonarState, userId: string): UserTokenRecord | undefined {
  return [...state.userTokens.values()].filter((t) => t.userId === userId).sort((a, b) => b.expiresAt - a.expiresAt)[0];
}

export function mintMobileToken(state: SonarState, faults: FaultSet, user: UserRecord, scopes: string[], now: number): MobileTokenRecord {
  const issuedAt = wholeSecond(now);
  const prefix = faults.has(FAULT.mobileTokenPrefixWrong) ? 'mob_' : state.facts.mobileTokenPrefix;
  const token: MobileTokenRecord = {
    value: `${prefix}mock_${suffixFrom(state.random, 16)}`,
    userId: user.id,
    environment: user.environment,
    scopes,
    issuedAt,
    expiresAt: issuedAt + state.facts.lifetimeSeconds.mobileToken * SECOND_MS,
  };
  state.mobileTokens.set(token.value, token);
  return token;
}
