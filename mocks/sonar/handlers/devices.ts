/**
 * The devices of a user: list (user tokens too, not paged), connect a cloud device (pending until the provider's
 * OAuth completes, POST /__control/completeDeviceOAuth), disconnect (its history goes with it). A device turning
 * active and a device disconnected are events.
 */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { fail, isResponse } from '../errors';
import { recordDeviceEvent } from '../events';
import { FAULT } from '../fault-names';
import { allOf } from '../query';
import { mockId } from '../seed';
import type { DataKind, DeviceRecord, Json, SonarState, UserRecord } from '../state';
import { deviceConnectionView, deviceView } from '../views';
import { notFound, pathUser } from './common';

type Ctx = MockContext<SonarState>;

const DATA_KINDS: readonly DataKind[] = ['scores', 'daily', 'sleep', 'workouts', 'timeseries'];

const deviceOf = (user: UserRecord, provider: string) => user.devices.find((d) => d.provider === provider);

/** The device turns active: connected now, a device.connected event. */
export function activate(state: SonarState, user: UserRecord, device: DeviceRecord, now: number): void {
  device.status = 'active';
  device.connectedAt = now;
  recordDeviceEvent(state, user, device, 'device.connected', now);
}

/** Connects a health store at the SDK handshake: active at once (the reused device when that store is there already). */
export function connectDevice(state: SonarState, user: UserRecord, provider: string, now: number): DeviceRecord {
  const existing = deviceOf(user, provider);
  if (existing) return existing;
  const device: DeviceRecord = { id: mockId(state.random, 'dev'), provider, status: 'pending', connectedAt: null, lastSyncAt: null };
  user.devices.push(device);
  activate(state, user, device, now);
  return device;
}

function listDevices(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  return isResponse(user) ? user : allOf(user.devices.map(deviceView));
}

/** A cloud connection: pending with the provider's auth_url (active at once under the device-active-at-once fault). */
function createDevice(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const provider = String((ctx.req.body as Json).provider);
  const taken = deviceOf(user, provider);
  if (taken) return fail(ctx, 409, 'conflict', `The user ${user.id} already has a ${provider} device (${taken.id}, ${taken.status}).`);
  const id = mockId(ctx.state.random, 'dev');
  const device: DeviceRecord = { id, provider, status: 'pending', connectedAt: null, lastSyncAt: null, authUrl: `https://${provider}.oauth.example/authorize?state=${id}` };
  user.devices.push(device);
  if (ctx.faults.has(FAULT.deviceActiveAtOnce)) activate(ctx.state, user, device, ctx.clock.now());
  return { status: 200, body: { data: deviceConnectionView(device) } };
}

/** Removes the device and, unless the deleted-device-history-served fault is on, every item it brought. */
function deleteDevice(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const id = ctx.req.pathParams['device_id'] ?? '';
  const device = user.devices.find((d) => d.id === id);
  if (!device) return notFound(ctx, 'device', `${id} of user ${user.id}`);
  user.devices = user.devices.filter((d) => d !== device);
  if (!ctx.faults.has(FAULT.deletedDeviceHistoryServed)) {
    for (const kind of DATA_KINDS) user.data[kind] = user.data[kind].filter((d) => d.deviceId !== device.id);
  }
  recordDeviceEvent(ctx.state, user, device, 'device.disconnected', ctx.clock.now());
  return { status: 204 };
}

export const deviceHandlers = {
  listDevices: withCaller(listDevices),
  createDevice: withCaller(createDevice),
  deleteDevice: withCaller(deleteDevice),
};
