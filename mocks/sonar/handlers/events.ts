/**
 * The event feed of the caller's environment, read after a cursor: the id of the last event an answer returned
 * (docs.sonarhealth.co/api-conventions). `user_id` keeps one user's events.
 */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { invalid } from '../errors';
import { FAULT } from '../fault-names';
import type { SonarState } from '../state';
import { eventView } from '../views';

type Ctx = MockContext<SonarState>;

/** The feed position the cursor points after (0 without one), or undefined for an id of no event of the environment. */
function positionOf(ctx: Ctx, caller: Caller): number | undefined {
  const raw = ctx.req.query.get('cursor');
  if (raw === null) return 0;
  return ctx.state.events.find((e) => e.id === raw && e.environment === caller.environment)?.seq;
}

function listEvents(ctx: Ctx, caller: Caller): MockResponse {
  const after = positionOf(ctx, caller);
  if (after === undefined) return invalid(ctx, 'query.cursor', 'query.cursor names no event of this environment; pass the cursor of a previous answer.');
  const limit = Number(ctx.req.query.get('limit') ?? ctx.state.facts.defaultEventLimit);
  const userId = ctx.req.query.get('user_id');
  const waiting = ctx.state.events.filter((e) => e.environment === caller.environment && e.seq > after && (userId === null || e.userId === userId));
  const page = waiting.slice(0, limit);
  const cursor = page.length ? page[page.length - 1]!.id : ctx.req.query.get('cursor');
  const body = { events: page.map(eventView), cursor, has_more: waiting.length > page.length };
  if (ctx.faults.has(FAULT.eventsCursorMissing)) return { status: 200, body: { events: body.events, has_more: body.has_more } };
  return { status: 200, body };
}

export const eventHandlers = { listEvents: withCaller(listEvents) };
