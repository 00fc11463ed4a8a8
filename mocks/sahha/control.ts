/** Provider control actions of the Sahha mock (POST /__control/<name>), and the credentials it prints. */
import type { ControlAction } from '../kernel/types';
import { addSeededProfile } from './initial-state';
import { SEEDED_DAYS } from './sample-data';
import type { SahhaState } from './state';

const MAX_SEEDED_DAYS = 90;

function seedProfileInput(body: Record<string, unknown>): { externalId: string; days: number } {
  const { externalId, days = SEEDED_DAYS } = body;
  if (typeof externalId !== 'string' || externalId.length < 1 || externalId.length > 100) {
    throw new Error('seed-profile needs {"externalId": "<1 to 100 characters>", "days"?: <0 to 90>}.');
  }
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_SEEDED_DAYS) {
    throw new Error(`seed-profile "days" must be an integer from 0 to ${MAX_SEEDED_DAYS}; got ${JSON.stringify(days)}.`);
  }
  return { externalId, days };
}

export const controlActions: Record<string, ControlAction<SahhaState>> = {
  /** Adds a sample profile with `days` days of generated data ending yesterday: {externalId, days?}. */
  'seed-profile': (state, body, { clock }) => {
    const { externalId, days } = seedProfileInput(body);
    if (state.profiles.has(externalId)) throw new Error(`seed-profile: a profile "${externalId}" already exists; pick another externalId or reset.`);
    const profile = addSeededProfile(state, externalId, clock.now(), days);
    return { externalId, profileId: profile.profileId, days, scores: profile.data.scores.length };
  },
};

/** What the instance holds (GET /__control/state): profiles with their amount of data, and how many tokens it issued. */
export function summarize(state: SahhaState): unknown {
  return {
    environment: state.environment,
    profiles: [...state.profiles.values()].map((p) => ({
      externalId: p.externalId,
      isSampleProfile: p.isSampleProfile,
      scores: p.data.scores.length,
      dataLogs: p.dataLogs.size,
      demographicFields: Object.keys(p.demographic).length,
    })),
    tokensIssued: state.issued,
  };
}

/** What a user of the sandbox target sets (fake values of this instance). */
export function credentials(state: SahhaState): Record<string, string> {
  return {
    SAHHA_CLIENT_ID: state.credentials.clientId,
    SAHHA_CLIENT_SECRET: state.credentials.clientSecret,
    SAHHA_APP_ID: state.credentials.appId,
    SAHHA_APP_SECRET: state.credentials.appSecret,
    SAHHA_EXTERNAL_ID: state.sampleExternalId,
  };
}
