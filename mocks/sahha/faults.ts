/**
 * The Sahha mock's fault modifiers: each breaks exactly one promise so that a self-test can show the matching
 * check fails. Most are read by the handlers (ctx.faults.has); three rewrite responses.
 */
import type { FaultDefinition, MockContext, MockResponse } from '../kernel/types';
import { FAULT } from './fault-names';
import { readHandlers } from './handlers/reads';
import type { SahhaState } from './state';

type Described = Omit<FaultDefinition, 'name'>;

const READ_OPERATIONS = Object.keys(readHandlers);

/** Malformed query parameters are dropped and the read answered as if they had not been sent. */
function ignoreMalformedQuery(res: MockResponse, ctx: MockContext<unknown>): MockResponse {
  if (res.status !== 400) return res;
  const handler = readHandlers[ctx.req.op.operationId as keyof typeof readHandlers];
  const withoutQuery = { ...ctx, req: { ...ctx.req, query: new URLSearchParams() } } as MockContext<SahhaState>;
  return handler ? handler(withoutQuery) : res;
}

/** A 401 about the credentials of the request (Authorization, AppId, AppSecret), not about a body field. */
function isCredentialFailure(res: MockResponse): boolean {
  const errors = (res.body as { errors?: { origin?: string }[] } | undefined)?.errors ?? [];
  return errors.some((e) => e.origin === 'Authorization' || e.origin === 'AppId' || e.origin === 'AppSecret');
}

const DEFINITIONS: Record<string, Described> = {
  [FAULT.environmentsMixed]: { breaks: ['SAH-ENV-1'], description: "Each instance also accepts the other environment's client and app credentials, so one target mixes both environments." },
  [FAULT.crossEnvironmentToken]: { breaks: ['SAH-ENV-2'], description: 'A token minted by the other environment is accepted.' },
  [FAULT.accountTokenShortLived]: { breaks: ['SAH-TOK-1'], description: 'The account token lasts one hour and says so (expiresIn 3600) instead of 24 hours.' },
  [FAULT.wrongClientSecret]: { breaks: ['SAH-TOK-2'], description: 'A wrong clientSecret for a known clientId still gets an account token.' },
  [FAULT.registerTokenShortLived]: { breaks: ['SAH-TOK-3'], description: 'Profile registration with an account token returns a token that lasts one hour (expiresIn 3600), not 24 hours.' },
  [FAULT.duplicateExternalId]: { breaks: ['SAH-TOK-4'], description: 'Registering an externalId already in use answers 201 instead of 400.' },
  [FAULT.wrongAppSecret]: { breaks: ['SAH-TOK-5'], description: 'A wrong AppSecret with a known AppId still registers the profile.' },
  [FAULT.profileTokenUnusable]: { breaks: ['SAH-TOK-6'], description: 'The profile token from /oauth/profile/token is never stored, so using it is a 401.' },
  [FAULT.bogusRefreshToken]: { breaks: ['SAH-TOK-7'], description: 'An unknown refresh token still yields a new profile token.' },
  [FAULT.expiredToken]: { breaks: ['SAH-TOK-8'], description: 'Account and profile tokens keep working after their 24 hours.' },
  [FAULT.readsOtherProfile]: { breaks: ['SAH-SCP-1'], description: "A profile token's reads without externalId return another profile's data." },
  [FAULT.profileTokenOnAccount]: { breaks: ['SAH-SCP-2'], description: 'A profile token is accepted on account endpoints.' },
  [FAULT.accountTokenOnProfile]: { breaks: ['SAH-SCP-3'], description: 'An account token is accepted on profile-only endpoints (acting for a sample profile).' },
  [FAULT.schemeWordIgnored]: { breaks: ['SAH-SCP-4'], description: 'Any scheme word (Bearer, the other kind) or none is accepted before the token.' },
  [FAULT.schemeWordCaseSensitive]: { breaks: ['SAH-SCP-4'], description: 'The scheme word is compared case-sensitively, so the SDKs\' "Profile <token>" is a 401.' },
  [FAULT.noDataAsEmptyArray]: { breaks: ['SAH-ERR-1'], description: 'A read with no data answers 200 with [] instead of 204 with no body.' },
  [FAULT.malformedQueryIgnored]: {
    breaks: ['SAH-ERR-2'],
    description: 'Malformed query parameters (bad startDateTime, unknown types) are ignored instead of answered with 400.',
    operations: READ_OPERATIONS,
    transform: ignoreMalformedQuery,
  },
  [FAULT.invalidDataLogAccepted]: {
    breaks: ['SAH-DATA-1'],
    description: 'An invalid data log batch answers 200 instead of 400 (and is not stored).',
    operations: ['postDataLogs'],
    transform: (res) => (res.status === 400 ? { status: 200 } : res),
  },
  [FAULT.demographicPutMerges]: { breaks: ['SAH-DATA-2'], description: 'PUT /profile/demographic merges like PATCH instead of replacing.' },
  [FAULT.filtersIgnored]: { breaks: ['SAH-DATA-3'], description: 'The types, categories, name, category, periodicity and version filters are ignored (dates still apply).' },
  [FAULT.removedProfileServed]: { breaks: ['GEN-AUTH'], description: 'A token of a removed profile is served as if the profile still existed, instead of answering 410.' },
  [FAULT.missingAuth]: { breaks: ['GEN-AUTH'], description: 'A request with no credentials is served (as the account, or as a sample profile).' },
  [FAULT.accountTokenWithoutType]: { breaks: ['SAH-TOK-1'], description: 'The account token answer leaves out tokenType ("Account").' },
  [FAULT.refreshRequiresAuthorization]: { breaks: ['SAH-TOK-7'], description: "A refresh without an Authorization header (the iOS SDK's call) is refused with 401 instead of answered with a new token." },
  [FAULT.newBiomarkerCategoryRefused]: { breaks: ['SAH-DATA-3'], description: 'The biomarker categories the native SDKs added (exercise, device, nutrition) are refused with 400, as if only the first six existed.' },
  [FAULT.authErrorWithoutBody]: {
    breaks: ['GEN-AUTH'],
    description: 'A 401 for missing or bad credentials comes with no body instead of the error shape.',
    transform: (res) => (res.status === 401 && isCredentialFailure(res) ? { status: 401 } : res),
  },
};

export const faults: FaultDefinition[] = Object.entries(DEFINITIONS).map(([name, d]) => ({ name, ...d }));

/** Sahha catalog IDs that the kernel's generic faults break too (the promise names the error shape or the 204). */
export const genericFaultBreaks: Record<string, string[]> = {
  'generic.error-shape-changed': ['SAH-TOK-2', 'SAH-ERR-2'],
  'generic.body-on-204': ['SAH-ERR-1'],
  'generic.accept-invalid-request': ['SAH-ERR-2', 'SAH-DATA-1'],
};
