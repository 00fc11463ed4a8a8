/** Profile management: the token's own profile, and for the account look up by externalId, search with paging, delete. */
import { secured } from '../auth';
import { isResponse } from '../errors';
import type { ProfileRecord } from '../state';
import { bodyField, profileFromPath } from './common';

const DEFAULT_PAGE_SIZE = 20;

/** The Profile schema's view of a record. */
function profileView(p: ProfileRecord, accountId: string): Record<string, unknown> {
  return {
    profileId: p.profileId,
    accountId,
    externalId: p.externalId,
    dataLastReceivedAtUtc: p.dataLastReceivedAtUtc,
    createdAtUtc: p.createdAtUtc,
    isSampleProfile: p.isSampleProfile,
    sdkId: deviceField(p, 'sdkId'),
    sdkVersion: deviceField(p, 'sdkVersion'),
    deviceType: deviceField(p, 'deviceType'),
  };
}

/** A field of the device information the profile last stored, null when it stored none. */
function deviceField(p: ProfileRecord, name: string): string | null {
  const value = p.deviceInformation?.[name];
  return typeof value === 'string' ? value : null;
}

const getProfile = secured((ctx, who) => {
  if (who.kind !== 'profile') throw new Error('getProfile is secured by the profile scheme in the spec.');
  return { status: 200, body: profileView(who.profile, ctx.state.accountId) };
});

const getProfileByExternalId = secured((ctx) => {
  const profile = profileFromPath(ctx);
  return isResponse(profile) ? profile : { status: 200, body: profileView(profile, ctx.state.accountId) };
});

function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const searchProfiles = secured((ctx) => {
  const text = (ctx.req.query.get('searchParameter') ?? '').toLowerCase();
  const currentPage = positiveInt(ctx.req.query.get('currentPage'), 1);
  const pageSize = positiveInt(ctx.req.query.get('pageSize'), DEFAULT_PAGE_SIZE);
  const matches = [...ctx.state.profiles.values()]
    .filter((p) => p.externalId.toLowerCase().includes(text))
    .sort((a, b) => a.createdAtUtc.localeCompare(b.createdAtUtc) || a.externalId.localeCompare(b.externalId));
  const items = matches.slice((currentPage - 1) * pageSize, currentPage * pageSize).map((p) => profileView(p, ctx.state.accountId));
  return {
    status: 200,
    body: { items, currentPage, totalPages: Math.ceil(matches.length / pageSize), pageSize, totalCount: matches.length },
  };
});

const deleteProfiles = secured((ctx) => {
  const deleted: string[] = [];
  const notFound: string[] = [];
  for (const externalId of bodyField<string[]>(ctx, 'externalIds') ?? []) {
    const profile = ctx.state.profiles.get(externalId);
    if (!profile) {
      notFound.push(externalId);
      continue;
    }
    profile.removed = true;
    ctx.state.profiles.delete(externalId);
    deleted.push(externalId);
  }
  return { status: 200, body: { deleted, notFound } };
});

export const profileHandlers = { getProfile, getProfileByExternalId, searchProfiles, deleteProfiles };
