/**
 * The CLI login (RFC 8628): a device authorization request, then polls of the token endpoint answered
 * authorization_pending, slow_down, access_denied, expired_token or the token. The user's decision is taken in
 * the developer portal, which the mock's control actions approveDevice / denyDevice stand for.
 */
import type { MockContext, MockResponse } from '../../kernel/types';
import { isResponse, NO_STORE, oauthError } from '../errors';
import { FAULT } from '../fault-names';
import { hexFrom, suffixFrom, userCodeFrom } from '../seed';
import {
  CLI_CLIENT_ID,
  CLI_TOKEN_LIFETIME_SECONDS,
  DEVICE_CODE_LIFETIME_SECONDS,
  DEVICE_GRANT_TYPE,
  DEVICE_POLL_INTERVAL_SECONDS,
  SECOND_MS,
  SLOW_DOWN_STEP_SECONDS,
  VERIFICATION_URI,
  type DeviceAuthorization,
  type SynheartState,
} from '../state';

type Ctx = MockContext<SynheartState>;
type Params = Record<string, unknown>;

const FORM = 'application/x-www-form-urlencoded';
const isObject = (v: unknown): v is Params => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request's parameters, form-encoded (RFC 8628) or JSON. */
function requestParams(ctx: Ctx): Params {
  if (isObject(ctx.req.body)) return ctx.req.body;
  const contentType = ctx.req.headers['content-type'] ?? '';
  return contentType.toLowerCase().startsWith(FORM) ? Object.fromEntries(new URLSearchParams(ctx.req.rawBody.toString('utf8'))) : {};
}

const text = (params: Params, name: string) => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);

/** The first of the named parameters that is missing, as an invalid_request. */
function missingParam(ctx: Ctx, params: Params, names: string[]): MockResponse | undefined {
  const missing = names.find((n) => text(params, n) === undefined);
  return missing ? oauthError(ctx, 'invalid_request', `The ${missing} parameter is missing.`) : undefined;
}

function newAuthorization(ctx: Ctx, clientId: string, scope: string | undefined): DeviceAuthorization {
  const auth: DeviceAuthorization = {
    deviceCode: `dc_mock_${hexFrom(ctx.state.random, 24)}`,
    userCode: userCodeFrom(ctx.state.random),
    clientId,
    scope,
    expiresAt: ctx.clock.now() + DEVICE_CODE_LIFETIME_SECONDS * SECOND_MS,
    interval: DEVICE_POLL_INTERVAL_SECONDS,
    status: 'pending',
  };
  ctx.state.devices.set(auth.deviceCode, auth);
  return auth;
}

function requestDeviceCode(ctx: Ctx): MockResponse {
  const params = requestParams(ctx);
  const missing = missingParam(ctx, params, ['client_id']);
  if (missing) return missing;
  const clientId = text(params, 'client_id')!;
  if (clientId !== CLI_CLIENT_ID) return oauthError(ctx, 'invalid_client', `The client_id ${clientId} is not a known client.`);
  const auth = newAuthorization(ctx, clientId, text(params, 'scope'));
  return {
    status: 200,
    headers: { ...NO_STORE },
    body: {
      device_code: auth.deviceCode,
      user_code: auth.userCode,
      verification_uri: VERIFICATION_URI,
      verification_uri_complete: `${VERIFICATION_URI}?user_code=${auth.userCode}`,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: auth.interval,
    },
  };
}

/** The authorization a poll names, or the error for an unknown, spent or foreign device code. */
function pollTarget(ctx: Ctx, params: Params): DeviceAuthorization | MockResponse {
  if (text(params, 'grant_type') !== DEVICE_GRANT_TYPE) {
    return oauthError(ctx, 'unsupported_grant_type', `The grant_type must be ${DEVICE_GRANT_TYPE}.`);
  }
  const auth = ctx.state.devices.get(text(params, 'device_code')!);
  const spent = auth?.status === 'consumed' && !ctx.faults.has(FAULT.deviceCodeReusable);
  if (!auth || spent) return oauthError(ctx, 'invalid_grant', 'The device code is unknown or was already used.');
  if (auth.clientId !== text(params, 'client_id')) return oauthError(ctx, 'invalid_grant', 'The device code was issued to another client.');
  return auth;
}

/** The slow_down answer when this poll comes sooner than the interval after the previous one (the interval then grows). */
function tooSoon(ctx: Ctx, auth: DeviceAuthorization, now: number): MockResponse | undefined {
  if (auth.lastPollAt === undefined || ctx.faults.has(FAULT.slowDownNotEnforced)) return undefined;
  const elapsed = Math.floor((now - auth.lastPollAt) / SECOND_MS);
  if (now - auth.lastPollAt >= auth.interval * SECOND_MS) return undefined;
  auth.interval += SLOW_DOWN_STEP_SECONDS;
  auth.lastPollAt = now;
  return oauthError(ctx, 'slow_down', `Polled ${elapsed} seconds after the previous poll; wait at least ${auth.interval} seconds between polls.`);
}

function issueToken(ctx: Ctx, auth: DeviceAuthorization): MockResponse {
  auth.status = 'consumed';
  const body: Record<string, unknown> = {
    access_token: `cli_at_mock_${suffixFrom(ctx.state.random, 16)}`,
    token_type: 'Bearer',
    expires_in: CLI_TOKEN_LIFETIME_SECONDS,
    refresh_token: `cli_rt_mock_${suffixFrom(ctx.state.random, 16)}`,
  };
  if (auth.scope) body.scope = auth.scope;
  return { status: 200, headers: { ...NO_STORE }, body };
}

function exchangeDeviceCode(ctx: Ctx): MockResponse {
  const params = requestParams(ctx);
  const missing = missingParam(ctx, params, ['grant_type', 'device_code', 'client_id']);
  if (missing) return missing;
  const target = pollTarget(ctx, params);
  if (isResponse(target)) return target;
  const now = ctx.clock.now();
  if (now >= target.expiresAt && !ctx.faults.has(FAULT.deviceCodeNeverExpires)) return oauthError(ctx, 'expired_token', 'The device code expired; start a new login.');
  if (target.status === 'denied' && !ctx.faults.has(FAULT.deviceDenialIgnored)) return oauthError(ctx, 'access_denied', 'The user denied this login.');
  const slowDown = tooSoon(ctx, target, now);
  if (slowDown) return slowDown;
  target.lastPollAt = now;
  if (target.status === 'approved' || target.status === 'consumed') return issueToken(ctx, target);
  return oauthError(ctx, 'authorization_pending', 'The user has not yet approved or denied this login.');
}

export const deviceFlowHandlers = { requestDeviceCode, exchangeDeviceCode };
