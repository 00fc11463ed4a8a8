/** Recording events in the feed (GET /events reads them with a cursor). */
import { mockId } from './seed';
import type { DeviceRecord, Json, SonarState, UserRecord } from './state';

type EventType = 'data.updated' | 'score.updated' | 'device.connected' | 'device.disconnected';

function recordEvent(state: SonarState, user: UserRecord, type: EventType, data: Json, at: number): void {
  state.events.push({ seq: state.nextEventSeq++, id: mockId(state.random, 'evt'), environment: user.environment, type, userId: user.id, createdAt: at, data });
}

export function recordDeviceEvent(state: SonarState, user: UserRecord, device: DeviceRecord, type: 'device.connected' | 'device.disconnected', at: number): void {
  recordEvent(state, user, type, { device_id: device.id, provider: device.provider }, at);
}

/** The events of a freshly seeded user: its wearable connected, then its data and scores for the seeded dates. */
export function recordSeedEvents(state: SonarState, user: UserRecord, dates: string[], at: number): void {
  const range = { start_date: dates[0]!, end_date: dates[dates.length - 1]! };
  for (const device of user.devices) recordDeviceEvent(state, user, device, 'device.connected', at);
  recordEvent(state, user, 'data.updated', { ...range, kinds: ['daily', 'sleep', 'workouts', 'timeseries'] }, at);
  recordEvent(state, user, 'score.updated', { ...range, metrics: [...new Set(user.data.scores.map((s) => String(s.item.metric)))] }, at);
}
