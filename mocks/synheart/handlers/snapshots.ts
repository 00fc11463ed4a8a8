/** Reading and deleting ingested snapshots: only the key's own app is visible (another app's snapshot is a 404). */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withKey } from '../auth';
import { apiError, isResponse } from '../errors';
import { FAULT } from '../fault-names';
import { isoTime, type ApiKeyRecord, type StoredSnapshot, type SynheartState } from '../state';

type Ctx = MockContext<SynheartState>;

const DEFAULT_LIMIT = 20;
const CURSOR = /^cur_mock_(\d{1,9})$/;

function snapshotRecord(s: StoredSnapshot): Record<string, unknown> {
  return { snapshot_id: s.snapshotId, app_id: s.appId, user_id: s.userId, received_at: isoTime(s.receivedAt), metadata: s.metadata, snapshot: s.snapshot };
}

interface ListQuery {
  userId?: string;
  since: number;
  until: number;
  limit: number;
  offset: number;
}

const badQuery = (ctx: Ctx, message: string) => apiError(ctx, 400, 'schema_validation_failed', message);

/** The list query (formats already validated by the kernel), or the 400 for what the schema cannot say. */
function listQuery(ctx: Ctx): ListQuery | MockResponse {
  const q = ctx.req.query;
  const since = q.has('since') ? Date.parse(q.get('since')!) : Number.NEGATIVE_INFINITY;
  const until = q.has('until') ? Date.parse(q.get('until')!) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(since) || Number.isNaN(until)) return badQuery(ctx, 'query.since and query.until must be date-times.');
  if (since > until) return badQuery(ctx, 'query.since must not be after query.until.');
  const cursor = q.get('cursor');
  const match = cursor === null ? undefined : CURSOR.exec(cursor);
  if (cursor !== null && !match) return badQuery(ctx, 'query.cursor was not issued by this server; pass the next_cursor of the previous page.');
  const limit = q.has('limit') ? Number(q.get('limit')) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return badQuery(ctx, 'query.limit must be an integer from 1 to 100.');
  if (limit === 100 && ctx.faults.has(FAULT.maxLimitRefused)) return badQuery(ctx, 'query.limit must be an integer from 1 to 99.');
  return { userId: q.get('user_id') ?? undefined, since, until, limit, offset: match ? Number(match[1]) : 0 };
}

const newestFirst = (a: StoredSnapshot, b: StoredSnapshot) => b.observedAt - a.observedAt || a.snapshotId.localeCompare(b.snapshotId);

function listSnapshots(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const query = listQuery(ctx);
  if (isResponse(query)) return query;
  const matching = [...ctx.state.snapshots.values()]
    .filter((s) => s.appId === key.appId && (query.userId === undefined || s.userId === query.userId))
    .filter((s) => s.observedAt >= query.since && s.observedAt < query.until)
    .sort(newestFirst);
  const page = matching.slice(query.offset, query.offset + query.limit);
  const next = query.offset + query.limit;
  return { status: 200, body: { snapshots: page.map(snapshotRecord), next_cursor: next < matching.length ? `cur_mock_${next}` : null } };
}

/** The key's app's snapshot named in the path, or the 404. */
function ownSnapshot(ctx: Ctx, key: ApiKeyRecord): StoredSnapshot | MockResponse {
  const id = ctx.req.pathParams.snapshot_id ?? '';
  const found = ctx.state.snapshots.get(id);
  return found && found.appId === key.appId ? found : apiError(ctx, 404, 'not_found', `No snapshot ${id} for this app.`);
}

function getSnapshot(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const found = ownSnapshot(ctx, key);
  return isResponse(found) ? found : { status: 200, body: snapshotRecord(found) };
}

function deleteSnapshot(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const found = ownSnapshot(ctx, key);
  if (isResponse(found)) return found;
  if (!ctx.faults.has(FAULT.deletedSnapshotStillServed)) ctx.state.snapshots.delete(found.snapshotId);
  return { status: 204 };
}

export const snapshotHandlers = {
  listSnapshots: withKey(listSnapshots),
  getSnapshot: withKey(getSnapshot),
  deleteSnapshot: withKey(deleteSnapshot),
};
