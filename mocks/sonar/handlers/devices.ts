/** The devices of a user: list (user tokens too), connect, disconnect; connections and disconnections are events. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { fail, isResponse } from '../errors';
import { recordDeviceEvent } from '../events';
import { pageOf } from '../query';
import { mockId } from '../seed';
import type { DeviceRecord, Json, SonarState, UserRecord } from '../state';
import { deviceView } from '../views';
import { notFound, pathUser } from './common';

type Ctx = MockContext<SonarState>;

const connectedOf = (user: UserRecord, provider: string) => user.devices.find((d) => d.provider === provider && d.status === 'connected');

/** Connects a provider to the user (the already connected device of that provider when there is one). */
export function connectDevice(state: SonarState, user: UserRecord, provider: string, now: number): DeviceRecord {
  const existing = connectedOf(user, provider);
  if (existing) return existing;
  const device: DeviceRecord = { id: mockId(state.random, 'dev'), provider, status: 'connected', connectedAt: now, lastSyncAt: null };
  user.devices.push(device);
  recordDeviceEvent(state, user, device, 'device.connected', now);
  return device;
}

function listDevices(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  return isResponse(user) ? user : pageOf(ctx, user.devices.map(deviceView));
}

function createDevice(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const provider = String((ctx.req.body as Json).provider);
  const taken = connectedOf(user, provider);
  if (taken) return fail(ctx, 409, 'conflict', `The user ${user.id} already has ${provider} connected as ${taken.id}.`);
  return { status: 201, body: { data: deviceView(connectDevice(ctx.state, user, provider, ctx.clock.now())) } };
}

function deleteDevice(ctx: Ctx, caller: Caller): MockResponse {
  const user = pathUser(ctx, caller);
  if (isResponse(user)) return user;
  const id = ctx.req.pathParams['device_id'] ?? '';
  const device = user.devices.find((d) => d.id === id);
  if (!device) return notFound(ctx, 'device', `${id} of user ${user.id}`);
  user.devices = user.devices.filter((d) => d !== device);
  recordDeviceEvent(ctx.state, user, device, 'device.disconnected', ctx.clock.now());
  return { status: 204 };
}

export const deviceHandlers = {
  listDevices: withCaller(listDevices),
  createDevice: withCaller(createDevice),
  deleteDevice: withCaller(deleteDevice),
};
