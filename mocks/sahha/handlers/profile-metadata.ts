/** Profile-token writes and their read-backs: data logs, demographics (PUT replaces, PATCH merges), device information. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { secured, type Principal } from '../auth';
import { fail } from '../errors';
import { FAULT } from '../fault-names';
import { isoTime, type Json, type ProfileRecord, type SahhaState } from '../state';

type Ctx = MockContext<SahhaState>;

/** The token's own profile (these operations are secured by the profile scheme in the spec). */
function ownProfile(ctx: Ctx, who: Principal): ProfileRecord {
  if (who.kind !== 'profile') throw new Error(`${ctx.req.op.operationId} is secured by the profile scheme in the spec.`);
  return who.profile;
}

const objectBody = (ctx: Ctx): Json => (typeof ctx.req.body === 'object' && ctx.req.body !== null && !Array.isArray(ctx.req.body) ? (ctx.req.body as Json) : {});

/** The first log whose end is before its start (the one rule the schema cannot express), as a 400. */
function checkLogIntervals(ctx: Ctx, logs: Json[]): MockResponse | undefined {
  const i = logs.findIndex((log) => Date.parse(String(log.endDateTime)) < Date.parse(String(log.startDateTime)));
  return i < 0 ? undefined : fail(ctx, 400, `body[${i}].endDateTime`, `body[${i}].endDateTime is before body[${i}].startDateTime.`);
}

const postDataLogs = secured((ctx, who) => {
  const profile = ownProfile(ctx, who);
  const logs = Array.isArray(ctx.req.body) ? (ctx.req.body as Json[]) : [];
  const invalid = checkLogIntervals(ctx, logs);
  if (invalid) return invalid;
  for (const log of logs) profile.dataLogs.set(String(log.id), { ...log, receivedAtUtc: isoTime(ctx.clock.now()) });
  profile.dataLastReceivedAtUtc = isoTime(ctx.clock.now());
  return { status: 200 };
});

const withoutNulls = (fields: Json): Json => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));

const getDemographic = secured((ctx, who) => {
  const demographic = ownProfile(ctx, who).demographic;
  return Object.keys(demographic).length === 0 ? { status: 204 } : { status: 200, body: { ...demographic } };
});

/** PATCH: absent fields keep their value, null unsets a field. */
function merge(profile: ProfileRecord, patch: Json): void {
  profile.demographic = withoutNulls({ ...profile.demographic, ...patch });
}

const replaceDemographic = secured((ctx, who) => {
  const profile = ownProfile(ctx, who);
  if (ctx.faults.has(FAULT.demographicPutMerges)) merge(profile, objectBody(ctx));
  else profile.demographic = withoutNulls(objectBody(ctx));
  return { status: 204 };
});

const updateDemographic = secured((ctx, who) => {
  merge(ownProfile(ctx, who), objectBody(ctx));
  return { status: 204 };
});

const getDeviceInformation = secured((ctx, who) => {
  const device = ownProfile(ctx, who).deviceInformation;
  return device ? { status: 200, body: { ...device } } : { status: 204 };
});

const putDeviceInformation = secured((ctx, who) => {
  ownProfile(ctx, who).deviceInformation = { ...objectBody(ctx) };
  return { status: 204 };
});

export const profileMetadataHandlers = {
  postDataLogs,
  getDemographic,
  replaceDemographic,
  updateDemographic,
  getDeviceInformation,
  putDeviceInformation,
};
