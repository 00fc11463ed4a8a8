/** POST /v2/hsi/ingest: signed ingestion of HSI snapshots, gated by tenant, app and the ingestion allowlist. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withKey } from '../auth';
import { apiError } from '../errors';
import { FAULT } from '../fault-names';
import { uuidFrom } from '../seed';
import { verifySignedRequest } from '../signature';
import { unixSeconds, type ApiKeyRecord, type Json, type SynheartState } from '../state';

type Ctx = MockContext<SynheartState>;

interface IngestBody {
  user_id: string;
  app_id: string;
  metadata: Json & { org_id?: string };
  snapshots: Json[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body, which the kernel has validated against IngestRequest; undefined if it is not even shaped like one. */
function ingestBody(ctx: Ctx): IngestBody | undefined {
  const b = ctx.req.body;
  const shaped = isObject(b) && typeof b.user_id === 'string' && typeof b.app_id === 'string' && isObject(b.metadata) && Array.isArray(b.snapshots) && b.snapshots.every(isObject);
  return shaped ? (b as unknown as IngestBody) : undefined;
}

/** The message the primary document gives for an app that is not on the ingestion allowlist. */
function notVerifiedMessage(ctx: Ctx, appId: string): string {
  return ctx.faults.has(FAULT.allowlistMessageChanged) ? 'This app is not verified.' : `App ${appId} is not verified for data ingestion.`;
}

/** The 403 for a body this key may not ingest: another organization, another app, an app not on the allowlist. */
function targetRefused(ctx: Ctx, key: ApiKeyRecord, body: IngestBody): MockResponse | undefined {
  const orgId = body.metadata.org_id;
  if (orgId !== undefined && orgId !== key.orgId) {
    return apiError(ctx, 403, 'invalid_tenant', `The org_id ${orgId} in metadata is not the organization of this key.`);
  }
  if (body.app_id !== key.appId && !ctx.faults.has(FAULT.appIdMismatchAccepted)) {
    return apiError(ctx, 403, 'app_id_mismatch', `The app_id ${body.app_id} in the body does not match the key's app ${key.appId}.`);
  }
  if (!ctx.state.allowlist.has(key.appId) && !ctx.faults.has(FAULT.allowlistIgnored)) {
    return apiError(ctx, 403, 'app_not_verified', notVerifiedMessage(ctx, key.appId));
  }
  return undefined;
}

const instant = (snapshot: Json, field: string) => Date.parse(String(snapshot[field]));

/** What JSON Schema cannot say about a snapshot: computed not before observed, windows not ending before they start. */
function inconsistency(snapshot: Json): string | undefined {
  if (instant(snapshot, 'computed_at_utc') < instant(snapshot, 'observed_at_utc')) return 'computed_at_utc is before observed_at_utc';
  const windows = isObject(snapshot.windows) ? Object.entries(snapshot.windows) : [];
  const backwards = windows.find(([, w]) => isObject(w) && instant(w, 'end_utc') < instant(w, 'start_utc'));
  return backwards ? `windows.${backwards[0]} ends before it starts` : undefined;
}

function inconsistent(ctx: Ctx, snapshots: Json[]): MockResponse | undefined {
  for (const [i, snapshot] of snapshots.entries()) {
    const problem = inconsistency(snapshot);
    if (problem) return apiError(ctx, 400, 'schema_validation_failed', `body.snapshots[${i}]: ${problem}.`);
  }
  return undefined;
}

function store(ctx: Ctx, body: IngestBody, snapshot: Json): string {
  const snapshotId = uuidFrom(ctx.state.random);
  const metadata = Object.fromEntries(Object.entries(body.metadata).filter(([name]) => name !== 'org_id'));
  ctx.state.snapshots.set(snapshotId, {
    snapshotId,
    appId: body.app_id,
    userId: body.user_id,
    receivedAt: ctx.clock.now(),
    observedAt: instant(snapshot, 'observed_at_utc'),
    metadata,
    snapshot,
  });
  return snapshotId;
}

function ingest(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const body = ingestBody(ctx);
  if (!body) return apiError(ctx, 400, 'schema_validation_failed', 'The body must be {user_id, app_id, metadata, snapshots: [...]}.');
  const refused = verifySignedRequest(ctx, key) ?? targetRefused(ctx, key, body) ?? inconsistent(ctx, body.snapshots);
  if (refused) return refused;
  const ids = body.snapshots.map((snapshot) => store(ctx, body, snapshot));
  return {
    status: 200,
    body: { status: 'accepted', ...(ids.length === 1 ? { snapshot_id: ids[0] } : {}), timestamp: unixSeconds(ctx.clock.now()) },
  };
}

export const ingestHandlers = { ingestSnapshots: withKey(ingest) };
