/** Looking up the user named in the path for a caller: only users of the caller's environment exist for it. */
import type { MockContext, MockResponse } from '../../kernel/types';
import type { Caller } from '../auth';
import { fail } from '../errors';
import { FAULT } from '../fault-names';
import { userIn, type SonarState, type UserRecord } from '../state';

type Ctx = MockContext<SonarState>;

export function notFound(ctx: Ctx, what: string, id: string): MockResponse {
  return fail(ctx, 404, 'not_found', `No ${what} ${id} in this environment.`);
}

/** A user of the caller's environment by id (any environment under the environments-shared fault), or the 404. */
export function findUser(ctx: Ctx, caller: Caller, userId: string): UserRecord | MockResponse {
  const user = ctx.faults.has(FAULT.environmentsShared) ? ctx.state.users.get(userId) : userIn(ctx.state, caller.environment, userId);
  return user ?? notFound(ctx, 'user', userId);
}

/** The user named by the `user_id` path parameter. */
export function pathUser(ctx: Ctx, caller: Caller): UserRecord | MockResponse {
  return findUser(ctx, caller, ctx.req.pathParams['user_id'] ?? '');
}
