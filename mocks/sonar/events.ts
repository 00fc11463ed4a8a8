/** Recording events in the feed (GET /events reads them with a cursor: the id of the last event returned). */
import { mockId } from './seed';
import type { DeviceRecord, Json, SonarState, UserRecord } from './state';

type EventType = 'data.updated' | 'score.updated' | 'device.connected' | 'device.disconnected';

function recordEvent(state: SonarState, user: UserRecord, type: EventType, fields: Json, at: number): void {
  state.events.push({ seq: state.nextEventSeq++, id: mockId(state.random, 'evt'), environment: user.environment, type, userId: user.id, createdAt: at, fields });
}

export function recordDeviceEvent(state: SonarState, user: UserRecord, device: DeviceRecord, type: 'device.connected' | 'device.disconnected', at: number): void {
  recordEvent(state, user, type, { device_id: device.id }, at);
}

/** The events of a freshly seeded user: its wearable connected, then the daily metrics it brought and the scores computed from them. */
export function recordSeedEvents(state: SonarState, user: UserRecord, at: number): void {
  for (const device of user.devices) {
    recordDeviceEvent(state, user, device, 'device.connected', at);
    const metrics = [...new Set(user.data.daily.filter((d) => d.deviceId === device.id).map((d) => String(d.item.metric)))];
    if (metrics.length) recordEvent(state, user, 'data.updated', { metrics, device_id: device.id }, at);
  }
  const scores = [...new Set(user.data.scores.map((s) => String(s.item.metric)))];
  if (scores.length) recordEvent(state, user, 'score.updated', { scores }, at);
}
