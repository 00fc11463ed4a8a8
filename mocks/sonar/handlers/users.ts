/** Users: list, create (seeded in sandbox, calibrating in production), read, update, delete. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { isKnownTimezone } from '../calendar';
import { fail, invalid, isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { newUser, seedWithEvents } from '../initial-state';
import { pageOf } from '../query';
import { DEFAULT_TIMEZONE, usersOf, type Env, type Json, type SonarState, type UserRecord } from '../state';
import { userView } from '../views';
import { pathUser } from './common';

type Ctx = MockContext<SonarState>;

const bodyOf = (ctx: Ctx) => ctx.req.body as Json;

/** The 400 for a timezone the time zone database does not know. */
function unknownTimezone(ctx: Ctx, timezone: unknown): MockResponse | undefined {
  if (timezone === undefined || isKnownTimezone(String(timezone))) return undefined;
  return invalid(ctx, 'body.timezone', `body.timezone ${String(timezone)} is not an IANA time zone name.`);
}

/** The 409 when another user of the environment already has this reference id. */
function referenceTaken(ctx: Ctx, env: Env, referenceId: unknown, self?: UserRecord): MockResponse | undefined {
  const other = usersOf(ctx.state, env).find((u) => u.referenceId === referenceId && u !== self);
  return other ? fail(ctx, 409, 'conflict', `The reference_id ${String(referenceId)} is already used by user ${other.id}.`) : undefined;
}

/** Sandbox users are seeded at once, production users are not (each broken by its own fault). */
function seededAtCreation(ctx: Ctx, env: Env): boolean {
  return env === 'sandbox' ? !ctx.faults.has(FAULT.sandboxUserNotSeeded) : ctx.faults.has(FAULT.liveUserSeeded);
}

/** The users of the environment, only those with the reference id asked for (unless the filter-ignored fault is on). */
function listUsers(ctx: Ctx, caller: Caller): MockResponse {
  const referenceId = ctx.faults.has(FAULT.referenceIdFilterIgnored) ? null : ctx.req.query.get('reference_id');
  const users = usersOf(ctx.state, caller.environment).filter((u) => referenceId === null || u.referenceId === referenceId);
  return pageOf(ctx, users.map((u) => userView(u)));
}

function createUser(ctx: Ctx, caller: Caller): MockResponse {
  const { reference_id: referenceId, timezone } = bodyOf(ctx);
  const refused = unknownTimezone(ctx, timezone) ?? referenceTaken(ctx, caller.environment, referenceId);
  if (refused) return refused;
  const now = ctx.clock.now();
  const user = newUser(ctx.state, caller.environment, String(referenceId), typeof timezone === 'string' ? timezone : DEFAULT_TIMEZONE, now);
  if (seededAtCreation(ctx, caller.environment)) seedWithEvents(ctx.state, user, now);
  return { status: 201, body: { data: userView(user) } };
}

function getUser(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  return isResponse(user) ? user : { status: 200, body: { data: userView(user) } };
}

function updateUser(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const { reference_id: referenceId, timezone } = bodyOf(ctx);
  const refused = unknownTimezone(ctx, timezone) ?? (referenceId === undefined ? undefined : referenceTaken(ctx, user.environment, referenceId, user));
  if (refused) return refused;
  // sonar.user-update-not-stored: the answer shows the change, the stored user keeps its old values.
  const target = ctx.faults.has(FAULT.userUpdateNotStored) ? { ...user } : user;
  if (typeof referenceId === 'string') target.referenceId = referenceId;
  if (typeof timezone === 'string') target.timezone = timezone;
  return { status: 200, body: { data: userView(target) } };
}

/** Removes the user (its tokens stop working with it); the answer is its last view. */
function deleteUser(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  ctx.state.users.delete(user.id);
  return { status: 200, body: { data: userView(user, 'deleted') } };
}

export const userHandlers = {
  listUsers: withCaller(listUsers),
  createUser: withCaller(createUser),
  getUser: withCaller(getUser),
  updateUser: withCaller(updateUser),
  deleteUser: withCaller(deleteUser),
};
