/** Minting user and mobile tokens with an API key, and the SDK handshake that consumes a mobile token. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { authorizeHandshake, withCaller, type Caller } from '../auth';
import { invalid, isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { mockId } from '../seed';
import { isoTime, type Json, type SonarState, type UserRecord, type UserTokenRecord } from '../state';
import { latestUserToken, mintMobileToken, mintUserToken } from '../tokens';
import { findUser } from './common';
import { connectDevice } from './devices';

type Ctx = MockContext<SonarState>;

const bodyOf = (ctx: Ctx) => ctx.req.body as Json;

function tokenAnswer(token: { value: string; userId: string; expiresAt: number }): MockResponse {
  return { status: 200, body: { token: token.value, user_id: token.userId, expires_at: isoTime(token.expiresAt) } };
}

/** The user the body's user_id names, for this caller. */
const bodyUser = (ctx: Ctx, caller: Caller) => findUser(ctx, caller, String(bodyOf(ctx).user_id));

function createUserToken(ctx: Ctx, caller: Caller): MockResponse {
  const user = bodyUser(ctx, caller);
  return isResponse(user) ? user : tokenAnswer(mintUserToken(ctx.state, ctx.faults, user, ctx.clock.now()));
}

function refreshed(ctx: Ctx, user: UserRecord): UserTokenRecord {
  const kept = ctx.faults.has(FAULT.refreshKeepsExpiry) ? latestUserToken(ctx.state, user.id) : undefined;
  return kept ?? mintUserToken(ctx.state, ctx.faults, user, ctx.clock.now());
}

function refreshUserToken(ctx: Ctx, caller: Caller): MockResponse {
  const user = bodyUser(ctx, caller);
  return isResponse(user) ? user : tokenAnswer(refreshed(ctx, user));
}

function createMobileToken(ctx: Ctx, caller: Caller): MockResponse {
  const user = bodyUser(ctx, caller);
  if (isResponse(user)) return user;
  const scopes = bodyOf(ctx).scopes as string[] | undefined;
  if (scopes === undefined && ctx.faults.has(FAULT.mobileScopesRequired)) return invalid(ctx, 'body.scopes', 'body.scopes is required.');
  return tokenAnswer(mintMobileToken(ctx.state, ctx.faults, user, scopes ?? ctx.state.facts.mobileScopes, ctx.clock.now()));
}

/** The phone's health store that the handshake connects, by platform. */
const HEALTH_STORE: Record<string, string> = { ios: 'apple_health', android: 'health_connect' };

function sdkHandshake(ctx: Ctx): MockResponse {
  const token = authorizeHandshake(ctx);
  if (isResponse(token)) return token;
  const now = ctx.clock.now();
  token.consumedAt ??= now;
  const user = ctx.state.users.get(token.userId)!;
  const device = connectDevice(ctx.state, user, HEALTH_STORE[String(bodyOf(ctx).platform)]!, now);
  return { status: 200, body: { session_id: mockId(ctx.state.random, 'ses'), user_id: user.id, device_id: device.id, scopes: [...token.scopes] } };
}

export const tokenHandlers = {
  createUserToken: withCaller(createUserToken),
  refreshUserToken: withCaller(refreshUserToken),
  createMobileToken: withCaller(createMobileToken),
  sdkHandshake,
};
