/** The API shapes of the mock's records (User, Device, Webhook, Event), as the spec's schemas declare them. */
import { isoOrNull, isoTime, type DeviceRecord, type EventRecord, type Json, type UserRecord, type WebhookRecord } from './state';

export function userView(u: UserRecord, status: 'active' | 'deleted' = 'active'): Json {
  return {
    id: u.id,
    reference_id: u.referenceId,
    timezone: u.timezone,
    status,
    score_status: u.scoreStatus,
    last_sync_at: isoOrNull(u.lastSyncAt),
    last_score_at: isoOrNull(u.lastScoreAt),
    created_at: isoTime(u.createdAt),
  };
}

export function deviceView(d: DeviceRecord): Json {
  return { id: d.id, provider: d.provider, status: d.status, connected_at: isoTime(d.connectedAt), last_sync_at: isoOrNull(d.lastSyncAt) };
}

export function webhookView(w: WebhookRecord): Json {
  return { id: w.id, url: w.url, events: [...w.events], status: w.status, created_at: isoTime(w.createdAt), last_delivery_at: isoOrNull(w.lastDeliveryAt) };
}

export function eventView(e: EventRecord): Json {
  return { id: e.id, type: e.type, user_id: e.userId, created_at: isoTime(e.createdAt), data: e.data };
}
