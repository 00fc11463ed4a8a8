/**
 * The Sonar mock's fault modifiers: each breaks one documented promise so that a self-test can show the matching
 * check fails. All but one are read by the handlers (ctx.faults.has); one rewrites error bodies.
 */
import type { FaultDefinition, MockContext, MockResponse } from '../kernel/types';
import { FAULT } from './fault-names';

type Described = Omit<FaultDefinition, 'name'>;

/** The score id listScores breaks for under sonar.one-score-metric-breaks: the last the spec lists, never in its example. */
export const BROKEN_SCORE_METRIC = 'nutrition_score';

/** listScores answers a server error when the metrics asked for include one score id. */
function oneMetricBreaks(res: MockResponse, ctx: MockContext<unknown>): MockResponse {
  const asked = ctx.req.query.getAll('metrics').flatMap((v) => v.split(','));
  return asked.includes(BROKEN_SCORE_METRIC) ? ctx.error(500, 'internal_error', `Scores of ${BROKEN_SCORE_METRIC} could not be read.`) : res;
}

/** listWorkouts answers a server error to a request that gives both ends of its date range (as the spec's examples do). */
function dateRangeBreaks(res: MockResponse, ctx: MockContext<unknown>): MockResponse {
  return ctx.req.query.has('start_date') && ctx.req.query.has('end_date') && res.status === 200 ? ctx.error(500, 'internal_error', 'Workouts of this date range could not be read.') : res;
}

/** A 4xx body without its `details`. */
function withoutDetails(res: MockResponse): MockResponse {
  if (res.status < 400 || res.status >= 500 || typeof res.body !== 'object' || res.body === null) return res;
  const body = Object.fromEntries(Object.entries(res.body).filter(([name]) => name !== 'details'));
  return { ...res, body };
}

const DEFINITIONS: Record<string, Described> = {
  [FAULT.missingAuth]: { breaks: ['GEN-AUTH'], description: 'A request with no Authorization header is served as the sandbox API key (the handshake with a fresh mobile token).' },
  [FAULT.unknownKeyAccepted]: { breaks: ['SON-ENV-3', 'GEN-AUTH'], description: 'A bearer value that is neither an sk_live_/sk_sandbox_ key nor a token of this server is served as the sandbox API key.' },
  [FAULT.sandboxUserNotSeeded]: { breaks: ['SON-ENV-1'], description: 'A user created with an sk_sandbox_ key gets no seeded data and stays calibrating.' },
  [FAULT.liveUserSeeded]: { breaks: ['SON-ENV-2'], description: 'A user created with an sk_live_ key is seeded with sandbox data and scores ready.' },
  [FAULT.environmentsShared]: { breaks: ['SON-ENV-2'], description: "A key reaches the other environment's users (a sandbox key reads live users)." },
  [FAULT.userTokenLifetime24h]: { breaks: ['SON-TOK-1'], description: 'User tokens last 24 hours instead of one.' },
  [FAULT.expiredUserTokenAccepted]: { breaks: ['SON-TOK-2'], description: 'An expired user token keeps working.' },
  [FAULT.expiredTokenWrongCode]: { breaks: ['SON-TOK-2'], description: 'An expired user token is refused with invalid_token instead of token_expired.' },
  [FAULT.refreshKeepsExpiry]: { breaks: ['SON-TOK-3'], description: "Refreshing hands back the user's latest token unchanged, with the same expires_at." },
  [FAULT.mobileScopesRequired]: { breaks: ['SON-TOK-4'], description: 'A mobile token request without scopes is refused (400) instead of defaulting to all categories.' },
  [FAULT.mobileTokenPrefixWrong]: { breaks: ['SON-TOK-4'], description: 'Mobile tokens start with mob_ instead of mt_.' },
  [FAULT.mobileTokenReusable]: { breaks: ['SON-TOK-5'], description: 'A mobile token survives its handshake: a second handshake with it succeeds.' },
  [FAULT.mobileTokenNeverExpires]: { breaks: ['SON-TOK-5'], description: 'An unused mobile token still works for a handshake after its five minutes.' },
  [FAULT.mobileTokenOnRest]: { breaks: ['SON-TOK-6'], description: "A mobile token is accepted on REST endpoints as a user token of its user." },
  [FAULT.rotatedKeyStillValid]: { breaks: ['SON-TOK-7'], description: 'An API key revoked by rotation keeps working.' },
  [FAULT.keyLifetimeNotEnforced]: { breaks: ['SON-TOK-7'], description: 'API keys older than 90 days keep working.' },
  [FAULT.userTokenRefusedOnReads]: { breaks: ['SON-SCP-1'], description: "A user token is refused (403 wrong_user) on its own user's time series and devices." },
  [FAULT.userTokenAnyUser]: { breaks: ['SON-SCP-2'], description: "A user token reads any user's data, not only its own." },
  [FAULT.userTokenCanWrite]: { breaks: ['SON-SCP-3'], description: 'A user token may call every operation an API key may (create and delete users, webhooks, minting tokens).' },
  [FAULT.errorDetailsMissing]: { breaks: ['SON-ERR-1', 'GEN-AUTH'], description: 'Error bodies (4xx) come without their details object.', transform: withoutDetails },
  [FAULT.unknownUserEmpty]: { breaks: ['SON-ERR-2'], description: 'Data reads of an unknown user answer 200 with an empty page instead of 404 not_found.' },
  [FAULT.perPageIgnored]: { breaks: ['SON-PAGE-1'], description: 'per_page is ignored: every page holds the default 20 items.' },
  [FAULT.pageMetaMissing]: { breaks: ['SON-PAGE-1'], description: 'Paged lists come without meta.' },
  [FAULT.deviceActiveAtOnce]: { breaks: ['GEN-SCHEMA'], description: 'Connecting a cloud device skips the pending step: the device is served active at once, already connected.' },
  [FAULT.eventsCursorMissing]: { breaks: ['GEN-SCHEMA'], description: 'Event feed pages come without their cursor.' },
  [FAULT.referenceIdFilterIgnored]: { breaks: ['SON-PAGE-1'], description: 'GET /users ignores the reference_id filter and lists every user.' },
  [FAULT.oneScoreMetricBreaks]: { breaks: ['GEN-BOUNDARY'], description: `listScores answers 500 when the metrics asked for include ${BROKEN_SCORE_METRIC} (a read that breaks for one enum value).`, transform: oneMetricBreaks, operations: ['listScores'] },
  [FAULT.scoreMetricFilterIgnored]: { breaks: ['GEN-BOUNDARY'], description: 'GET /users/{user_id}/scores/latest ignores its metrics filter and answers the latest score of every score id.' },
  [FAULT.pageBeyondLastBreaks]: { breaks: ['GEN-FUZZ'], description: 'A sleep page past the last one answers 500 instead of an empty page.' },
  [FAULT.workoutDateRangeBreaks]: { breaks: ['GEN-REQEXAMPLES'], description: "GET /users/{user_id}/workouts answers 500 when the request gives both start_date and end_date (as the spec's parameter examples do).", transform: dateRangeBreaks, operations: ['listWorkouts'] },
  [FAULT.userUpdateNotStored]: { breaks: ['GEN-STATEFUL'], description: 'PATCH /users/{user_id} answers the updated user but does not store the change: a later read shows the old values.' },
  [FAULT.deletedDeviceHistoryServed]: { breaks: ['SON-ENV-1'], description: "Deleting a device keeps its history: the daily values, sleep, workouts and time series it brought are still served." },
};

export const faults: FaultDefinition[] = Object.entries(DEFINITIONS).map(([name, d]) => ({ name, ...d }));
