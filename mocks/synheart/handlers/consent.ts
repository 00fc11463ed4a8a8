/** GET /api/v1/apps/{app_id}/consent-profiles: the consent profiles of the key's own app; any other app id is not found. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withKey } from '../auth';
import { apiError } from '../errors';
import type { ApiKeyRecord, SynheartState } from '../state';

type Ctx = MockContext<SynheartState>;

function listConsentProfiles(ctx: Ctx, key: ApiKeyRecord): MockResponse {
  const appId = ctx.req.pathParams.app_id ?? '';
  const app = ctx.state.apps.get(key.appId);
  if (appId !== key.appId || !app) {
    return apiError(ctx, 404, 'not_found', `App not found: ${appId} is not the app of this key.`);
  }
  const activeOnly = ctx.req.query.get('active_only') !== 'false';
  const profiles = app.consentProfiles.filter((p) => p.active || !activeOnly).map((p) => p.profile);
  return { status: 200, body: { profiles } };
}

export const consentHandlers = { listConsentProfiles: withKey(listConsentProfiles) };
