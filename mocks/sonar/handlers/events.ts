/** The event feed of the caller's environment, read after an opaque cursor (`evc_mock_<environment>_<position>`). */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { invalid } from '../errors';
import type { SonarState } from '../state';
import { eventView } from '../views';

type Ctx = MockContext<SonarState>;

const CURSOR = /^evc_mock_(sandbox|production)_(\d{1,12})$/;

const cursorFor = (caller: Caller, position: number) => `evc_mock_${caller.environment}_${position}`;

/** The feed position the cursor points after (0 without one), or undefined for a cursor this server did not issue. */
function positionOf(ctx: Ctx, caller: Caller): number | undefined {
  const raw = ctx.req.query.get('cursor');
  if (raw === null) return 0;
  const match = CURSOR.exec(raw);
  return match && match[1] === caller.environment ? Number(match[2]) : undefined;
}

function listEvents(ctx: Ctx, caller: Caller): MockResponse {
  const after = positionOf(ctx, caller);
  if (after === undefined) return invalid(ctx, 'query.cursor', 'query.cursor was not issued by this server for this environment; pass the cursor of a previous answer.');
  const limit = Number(ctx.req.query.get('limit') ?? ctx.state.facts.defaultEventLimit);
  const waiting = ctx.state.events.filter((e) => e.environment === caller.environment && e.seq > after);
  const page = waiting.slice(0, limit);
  const position = page.length ? page[page.length - 1]!.seq : after;
  return { status: 200, body: { events: page.map(eventView), cursor: cursorFor(caller, position), has_more: waiting.length > page.length } };
}

export const eventHandlers = { listEvents: withCaller(listEvents) };
