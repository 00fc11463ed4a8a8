/** Helpers shared by the handlers: which profile a request is about, and list answers (204 when empty). */
import type { MockContext, MockResponse } from '../../kernel/types';
import type { Principal } from '../auth';
import { fail } from '../errors';
import { FAULT } from '../fault-names';
import type { Json, ProfileRecord, SahhaState } from '../state';

type Ctx = MockContext<SahhaState>;

/** The account's profile with this externalId, or a 400 (the spec's decision for unknown ids). */
export function findProfile(ctx: Ctx, externalId: string): ProfileRecord | MockResponse {
  return ctx.state.profiles.get(externalId) ?? fail(ctx, 400, 'externalId', `The account has no profile with the external id "${externalId}".`);
}

/** The account's profile named by the `externalId` path parameter. */
export function profileFromPath(ctx: Ctx): ProfileRecord | MockResponse {
  return findProfile(ctx, ctx.req.pathParams.externalId ?? '');
}

/** Another live profile that has data (what the reads-other-profile fault serves). */
function otherProfileWithData(ctx: Ctx, self: ProfileRecord): ProfileRecord {
  return [...ctx.state.profiles.values()].find((p) => p !== self && p.data.scores.length > 0) ?? self;
}

/** The profile a data read is about: the token's own profile, or the one in the path for an account token. */
export function targetProfile(ctx: Ctx, who: Principal): ProfileRecord | MockResponse {
  if (who.kind !== 'profile') return profileFromPath(ctx);
  return ctx.faults.has(FAULT.readsOtherProfile) ? otherProfileWithData(ctx, who.profile) : who.profile;
}

/** 200 with the items, or 204 with no body when there are none (SAH-ERR-1). */
export function listResponse(ctx: Ctx, items: Json[]): MockResponse {
  if (items.length === 0 && !ctx.faults.has(FAULT.noDataAsEmptyArray)) return { status: 204 };
  return { status: 200, body: items };
}

/** Reads a field of a JSON object body (the kernel has validated the body against the spec). */
export function bodyField<T>(ctx: Ctx, name: string): T | undefined {
  const body = ctx.req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? ((body as Json)[name] as T | undefined) : undefined;
}
