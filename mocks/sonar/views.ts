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
  return { id: d.id, provider: d.provider, status: d.status, connected_at: isoOrNull(d.connectedAt), last_sync_at: isoOrNull(d.lastSyncAt) };
}

/** The answer to a connection just started (DeviceConnection): no times, the provider's auth_url. */
export function deviceConnectionView(d: DeviceRecord): Json {
  return { id: d.id, provider: d.provider, status: d.status, auth_url: d.authUrl };
}

export function webhookView(w: WebhookRecord): Json {
  return { id: w.id, url: w.url, events: [...w.events], status: w.status, created_at: isoTime(w.createdAt), last_delivery_at: isoOrNull(w.lastDeliveryAt) };
}

/** The update's answer (WebhookUpdated): the reference shows it without created_at and last_delivery_at. */
export function webhookUpdatedView(w: WebhookRecord): Json {
  return { id: w.id, url: w.url, events: [...w.events], status: w.status };
}

export function eventView(e: EventRecord): Json {
  return { event_id: e.id, event_type: e.type, ...e.fields, user_id: e.userId, timestamp: isoTime(e.createdAt) };
}
