/** Issuing and looking up tokens. Values are opaque and look fake ("acct_mock_sandbox_0001_..."); expiry reads the mock clock. */
import type { Clock, FaultSet } from '../kernel/types';
import { FAULT } from './fault-names';
import { suffixFrom } from './seed';
import { otherEnvironment, TOKEN_LIFETIME_SECONDS, type ProfileRecord, type SahhaState, type TokenKind, type TokenRecord } from './state';

const PREFIX: Record<TokenKind | 'refresh', string> = { account: 'acct', profile: 'prof', refresh: 'refresh' };

function tokenValue(state: SahhaState, kind: TokenKind | 'refresh'): string {
  state.issued += 1;
  return `${PREFIX[kind]}_mock_${state.environment}_${String(state.issued).padStart(4, '0')}_${suffixFrom(state.random)}`;
}

export interface IssueOptions {
  profile?: ProfileRecord;
  lifetimeSeconds?: number;
  readOnly?: boolean;
  /** false: the value is returned but never stored, so it does not work (fault modifiers). */
  store?: boolean;
}

export function issueToken(state: SahhaState, clock: Clock, kind: TokenKind, opts: IssueOptions = {}): { value: string; expiresIn: number } {
  const expiresIn = opts.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  const value = tokenValue(state, kind);
  const record: TokenRecord = { kind, expiresAt: clock.now() + expiresIn * 1000, profile: opts.profile, readOnly: opts.readOnly === true };
  if (opts.store !== false) state.tokens.set(value, record);
  return { value, expiresIn };
}

export interface ProfileGrant {
  profileToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Profile';
}

/** A profile token with a refresh token: the body of every profile-token call. */
export function grantProfileToken(state: SahhaState, clock: Clock, profile: ProfileRecord, opts: IssueOptions & { refreshToken?: string } = {}): ProfileGrant {
  const { value, expiresIn } = issueToken(state, clock, 'profile', { ...opts, profile });
  let refreshToken = opts.refreshToken;
  if (refreshToken === undefined) {
    refreshToken = tokenValue(state, 'refresh');
    state.refreshTokens.set(refreshToken, profile);
  }
  return { profileToken: value, refreshToken, expiresIn, tokenType: 'Profile' };
}

/** The sample profile that faulty acceptance paths act for. */
export function sampleProfile(state: SahhaState): ProfileRecord {
  const profile = state.profiles.get(state.sampleExternalId) ?? [...state.profiles.values()][0];
  if (!profile) throw new Error('The Sahha mock has no profile to act for; reset it.');
  return profile;
}

/** A token this instance issued; with the cross-environment fault, also one that only looks like the other environment's. */
export function lookupToken(state: SahhaState, faults: FaultSet, value: string): TokenRecord | undefined {
  const own = state.tokens.get(value);
  if (own || !faults.has(FAULT.crossEnvironmentToken)) return own;
  const m = new RegExp(`^(acct|prof)_mock_${otherEnvironment(state.environment)}_`).exec(value);
  if (!m) return undefined;
  const kind: TokenKind = m[1] === 'acct' ? 'account' : 'profile';
  return { kind, expiresAt: Number.POSITIVE_INFINITY, profile: kind === 'profile' ? sampleProfile(state) : undefined, readOnly: false };
}
