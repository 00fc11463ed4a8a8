/** Sahha's error body `{title, statusCode, location, errors: [{origin, errors}]}` and how failures are built. */
import type { KernelRejection, MockContext, MockResponse } from '../kernel/types';
import type { SahhaState } from './state';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
};

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  410: 'profile_removed',
};

interface ErrorItem {
  origin: string;
  errors: string[];
}

const isErrorItem = (v: unknown): v is ErrorItem =>
  typeof v === 'object' && v !== null && typeof (v as ErrorItem).origin === 'string' && Array.isArray((v as ErrorItem).errors);

/** The provider's error body; `details.location`, `details.origin` or a ready `details.errors` list refine it. */
export function errorBody(status: number, code: string, message: string, details?: Record<string, unknown>): unknown {
  const items = Array.isArray(details?.errors) ? details.errors.filter(isErrorItem) : [];
  return {
    title: TITLES[status] ?? 'Error',
    statusCode: status,
    location: typeof details?.location === 'string' ? details.location : '',
    errors: items.length ? items : [{ origin: typeof details?.origin === 'string' ? details.origin : code, errors: [message] }],
  };
}

/** Routing misses keep their HTTP meaning; everything wrong with a routed request is Sahha's documented 400. */
export function rejection(kind: KernelRejection): { status: number; code: string } {
  if (kind === 'not_found') return { status: 404, code: 'not_found' };
  if (kind === 'method_not_allowed') return { status: 405, code: 'method_not_allowed' };
  return { status: 400, code: kind };
}

/** The full request path ("/api/v1/profile/score"), which the error body carries in `location`. */
function locationOf(ctx: MockContext<SahhaState>): string {
  return ctx.basePath + ctx.req.path;
}

/** A failure in the error shape: `origin` names the field, parameter or header at fault. */
export function fail(ctx: MockContext<SahhaState>, status: 400 | 401 | 410, origin: string, message: string): MockResponse {
  return ctx.error(status, CODES[status]!, message, { location: locationOf(ctx), origin });
}

export function isResponse(value: unknown): value is MockResponse {
  return typeof value === 'object' && value !== null && typeof (value as MockResponse).status === 'number';
}
