/**
 * POST /v2/hsi/ingest: signed ingestion of snapshots, gated by the size limit, tenant, app and the ingestion
 * allowlist. A snapshot is the core SDK's wrapper `{hsi, focus, emotion, timestamp}` around its HSI 1.0 export, or
 * a bare HSI 1.3 document; the body names its app in `app_id` or, as the SDK does, not at all.
 */
import type { MockContext, MockResponse, OperationHandler } from '../../kernel/types';
import { withKey } from '../auth';
import { apiError } from '../errors';
import { FAULT } from '../fault-names';
import { snapshotIdFrom } from '../seed';
import { verifySignedRequest } from '../signature';
import { unixSeconds, type ApiKeyRecord, type Json, type SynheartState } from '../state';

type Ctx = MockContext<SynheartState>;

interface IngestBody {
  user_id: string;
  app_id?: string;
  metadata: Json & { org_id?: string | null };
  snapshots: Json[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body, which the kernel has validated against IngestRequest; undefined if it is not even shaped like one. */
function ingestBody(ctx: Ctx): IngestBody | undefined {
  const b = ctx.req.body;
  const shaped = isObject(b) && typeof b.user_id === 'string' && (b.app_id === undefined || typeof b.app_id === 'string') && isObject(b.metadata) && Array.isArray(b.snapshots) && b.snapshots.every(isObject);
  return shaped ? (b as unknown as IngestBody) : undefined;
}

/** The core SDK's snapshot form: a wrapper whose `hsi` is the HSI document. */
const isSdkWrapper = (snapshot: Json): boolean => isObject(snapshot.hsi);

/** The HSI document of a snapshot, whichever form it came in. */
const hsiOf = (snapshot: Json): Json => (isSdkWrapper(snapshot) ? (snapshot.hsi as Json) : snapshot);

/** The body the official SDK sends: no app_id, and its snapshots wrapped (what synheart.sdk-body-refused refuses). */
const isSdkShaped = (body: IngestBody): boolean => body.app_id === undefined && body.snapshots.some(isSdkWrapper);

/** The message the primary document gives for an app that is not on the ingestion allowlist. */
function notVerifiedMessage(ctx: Ctx, appId: string): string {
  return ctx.faults.has(FAULT.allowlistMessageChanged) ? 'This app is not verified.' : `App ${appId} is not verified for data ingestion.`;
}

/** The 403 for a body this key may not ingest: another organization, another app, an app not on the allowlist. */
function targetRefused(ctx: Ctx, key: ApiKeyRecord, body: IngestBody): MockResponse | undefined {
  const orgId = body.metadata.org_id;
  if (typeof orgId === 'string' && orgId !== key.orgId) {
    return apiError(ctx, 403, 'invalid_tenant', `The org_id ${orgId} in metadata is not the organization of this key.`);
  }
  if (body.app_id !== undefined && body.app_id !== key.appId && !ctx.faults.has(FAULT.appIdMismatchAccepted)) {
    return apiError(ctx, 403, 'app_id_mismatch', `The app_id ${body.app_id} in the body does not match the key's app ${key.appId}.`);
  }
  if (!ctx.state.allowlist.has(key.appId) && !ctx.faults.has(FAULT.allowlistIgnored)) {
    return apiError(ctx, 403, 'app_not_verified', notVerifiedMessage(ctx, key.appId));
  }
  return undefined;
}

const instant = (doc: Json, field: string) => Date.parse(String(doc[field]));

/** HSI 1.0 windows are `{start, end}`, HSI 1.3 windows `{start_utc, end_utc}`. */
function windowEnds(doc: Json, window: Json): [number, number] {
  return doc.hsi_version === '1.0' ? [instant(window, 'start'), instant(window, 'end')] : [instant(window, 'start_utc'), instant(window, 'end_utc')];
}

/** What JSON Schema cannot say about a snapshot: computed not before observed, windows not ending before they start. */
function inconsistency(snapshot: Json): string | undefined {
  const doc = hsiOf(snapshot);
  const where = isSdkWrapper(snapshot) ? 'hsi.' : '';
  if (instant(doc, 'computed_at_utc') < instant(doc, 'observed_at_utc')) return `${where}computed_at_utc is before ${where}observed_at_utc`;
  const windows = isObject(doc.windows) ? Object.entries(doc.windows) : [];
  const backwards = windows.find(([, w]) => {
    if (!isObject(w)) return false;
    const [start, end] = windowEnds(doc, w);
    return end < start;
  });
  return backwards ? `${where}windows.${backwards[0]} ends before it starts` : undefined;
}

function inconsistent(ctx: Ctx, snapshots: Json[]): MockResponse | undefined {
  for (const [i, snapshot] of snapshots.entries()) {
    const problem = inconsistency(snapshot);
    if (problem) return apiError(ctx, 400, 'schema_validation_failed', `body.snapshots[${i}]: ${problem}.`);
  }
  return undefined;
}

function store(ctx: Ctx, key: ApiKeyRecord, body: IngestBody, snapshot: Json): string {
  const snapshotId = snapshotIdFrom(ctx.state.random);
  const metadata = Object.fromEntries(Object.entries(body.metadata).filter(([name]) => name !== 'org_id'));
  ctx.state.snapshots.set(snapshotId, {
    snapshotId,
    // The key's app: a body app_id is that app (or refused), and the SDK's body names none.
    appId: ctx.faults.has(FAULT.appIdMismatchAccepted) && body.app_id !== undefined ? body.app_id : key.appId,
    userId: body.user_id,
    receivedAt: ctx.clock.now(),
    observedAt: instant(hsiOf(snapshot), 'observed_at_utc'),
    metadata,
    snapshot,
  });
  return snapshotId;
}

function ingest(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const body = ingestBody(ctx);
  if (!body) return apiError(ctx, 400, 'schema_validation_failed', 'The body must be {user_id, app_id?, metadata, snapshots: [...]}.');
  if (ctx.faults.has(FAULT.sdkBodyRefused) && isSdkShaped(body)) {
    return apiError(ctx, 400, 'schema_validation_failed', 'body must have property "app_id"; body.snapshots[0] must be an HSI 1.3 snapshot.');
  }
  const refused = verifySignedRequest(ctx, key) ?? targetRefused(ctx, key, body) ?? inconsistent(ctx, body.snapshots);
  if (refused) return refused;
  const ids = body.snapshots.map((snapshot) => store(ctx, key, body, snapshot));
  return {
    status: 200,
    body: { status: 'accepted', ...(ids.length === 1 ? { snapshot_id: ids[0] } : {}), timestamp: unixSeconds(ctx.clock.now()) },
  };
}

/** The request size limit (x-synheart-signing.maxRequestBytes), checked before the key. */
function withinSizeLimit(handler: OperationHandler<SynheartState>): OperationHandler<SynheartState> {
  return (ctx) => {
    const limit = ctx.state.spec.maxRequestBytes;
    const size = ctx.req.rawBody.length;
    if (size > limit && !ctx.faults.has(FAULT.sizeLimitNotEnforced)) {
      return apiError(ctx, 413, 'payload_too_large', `The request body is ${size} bytes; the limit is ${limit} bytes.`);
    }
    return handler(ctx);
  };
}

export const ingestHandlers = { ingestSnapshots: withinSizeLimit(withKey(ingest)) };
