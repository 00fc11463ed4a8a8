/**
 * Third-party integrations: the profile's connected integrations (own or by externalId), the Garmin connection
 * (connect answers a consent URL with a request token and a state; Garmin's callback completes it), and the API's
 * version at the host root.
 */
import type { MockContext, MockResponse } from '../../kernel/types';
import { secured } from '../auth';
import { fail, isResponse } from '../errors';
import { suffixFrom } from '../seed';
import { isoTime, type SahhaState } from '../state';
import { listResponse, profileFromPath } from './common';

type Ctx = MockContext<SahhaState>;

/** What GET /Version answers (plain text). */
export const API_VERSION = '1.0.0-mock';

const GARMIN_CONSENT_URL = 'https://connect.garmin.com/oauthConfirm';

const getIntegrations = secured((ctx, who) => {
  if (who.kind !== 'profile') throw new Error('getIntegrations is secured by the profile scheme in the spec.');
  return listResponse(ctx, who.profile.integrations.map((i) => ({ ...i })));
});

const getIntegrationsByExternalId = secured((ctx) => {
  const profile = profileFromPath(ctx);
  return isResponse(profile) ? profile : listResponse(ctx, profile.integrations.map((i) => ({ ...i })));
});

const connectGarmin = secured((ctx, who) => {
  if (who.kind !== 'profile') throw new Error('connectGarmin is secured by the profile scheme in the spec.');
  const oauthToken = `garmin_request_mock_${suffixFrom(ctx.state.random)}`;
  const state = `garmin_state_mock_${suffixFrom(ctx.state.random)}`;
  ctx.state.pendingConnections.set(state, { profile: who.profile, oauthToken });
  const url = new URL(GARMIN_CONSENT_URL);
  url.searchParams.set('oauth_token', oauthToken);
  url.searchParams.set('state', state);
  return { status: 200, body: { url: url.toString() } };
});

/** The callback needs no credential: the state names the pending connection (and so the profile); it is single use. */
function garminCallback(ctx: Ctx): MockResponse {
  const state = ctx.req.query.get('state') ?? '';
  const pending = ctx.state.pendingConnections.get(state);
  if (!pending) return fail(ctx, 400, 'query.state', 'The state is unknown or was already used.');
  if (pending.oauthToken !== ctx.req.query.get('oauth_token')) return fail(ctx, 400, 'query.oauth_token', 'The oauth_token is not the one issued with this state.');
  ctx.state.pendingConnections.delete(state);
  const integration = { integrationName: 'garmin', status: 'connected', connectedAtUtc: isoTime(ctx.clock.now()) };
  pending.profile.integrations = [...pending.profile.integrations.filter((i) => i.integrationName !== 'garmin'), integration];
  return { status: 200, body: { ...integration } };
}

function getVersion(): MockResponse {
  return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', data: API_VERSION } };
}

export const integrationHandlers = { getIntegrations, getIntegrationsByExternalId, connectGarmin, garminCallback, getVersion };
