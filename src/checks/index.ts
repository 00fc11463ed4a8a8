/**
 * The generic checks (GEN-*), registered in one catalogue. Response checks run on every exchange; GEN-AUTH and
 * GEN-NEGATIVE run on the answers to the probes derived here; GEN-EXAMPLES and GEN-COVERAGE look at the spec.
 * Nothing here makes a request.
 */
import { authProbes, checkAuthRejected, checkCredentialRefused, credentialProbes } from './auth';
import { checkCoverage, coverage } from './coverage';
import { checkExamples } from './examples';
import { checkNegativeRejected, negativeProbes } from './negative';
import { checkUnknownResource, unknownResourceProbes } from './resources';
import { checkContentType, checkHeaders, checkSchema, checkStatus, checkUndeclared } from './response';
import type { Check, CheckContext, CheckFailure, CheckId, SpecCheck } from './types';

export * from './types';
export { authProbes, checkAuthRejected, checkContentType, checkCredentialRefused, credentialProbes, checkUnknownResource, unknownResourceProbes, checkCoverage, checkExamples, checkHeaders, checkNegativeRejected, checkSchema, checkStatus, checkUndeclared, coverage, negativeProbes };
export { MALFORMED_CREDENTIAL } from './auth';

export const CHECKS = {
  'GEN-STATUS': { id: 'GEN-STATUS', description: 'The status code received is documented for the operation (exactly, as a range, or by a default response).', run: checkStatus },
  'GEN-CTYPE': { id: 'GEN-CTYPE', description: 'The Content-Type is present, well-formed and documented for the status; a response without content has no body.', run: checkContentType },
  'GEN-SCHEMA': { id: 'GEN-SCHEMA', description: 'The body validates against the schema documented for the status and content type, formats included.', run: checkSchema },
  'GEN-HEADERS': { id: 'GEN-HEADERS', description: 'Documented response headers are present when required and match their schemas.', run: checkHeaders },
  'GEN-UNDECLARED': { id: 'GEN-UNDECLARED', description: 'The body has no field its schema does not declare (failures in strict mode, warnings otherwise).', run: checkUndeclared },
  'GEN-AUTH': { id: 'GEN-AUTH', description: 'A request without credentials or with a malformed one is answered 401 in the documented error shape.', run: checkAuthRejected },
  'GEN-NEGATIVE': { id: 'GEN-NEGATIVE', description: 'A request that violates the documented request schema is answered 400 or a documented 4xx, never 2xx or 5xx.', run: checkNegativeRejected },
  'GEN-EXAMPLES': { id: 'GEN-EXAMPLES', description: 'Every example in the spec validates against its own schema.', run: checkExamples },
  'GEN-COVERAGE': { id: 'GEN-COVERAGE', description: 'Every documented operation x status is exercised, or listed as unreachable with a reason.', run: checkCoverage },
} as const satisfies { [K in CheckId]: (Check | SpecCheck) & { id: K } };

/** The checks every observed response goes through, in the order they are reported. */
export const RESPONSE_CHECKS: readonly Check[] = [CHECKS['GEN-STATUS'], CHECKS['GEN-CTYPE'], CHECKS['GEN-SCHEMA'], CHECKS['GEN-HEADERS'], CHECKS['GEN-UNDECLARED']];

/** Runs the response checks (all, or those named) on one exchange and returns every failure. */
export function runChecks(ctx: CheckContext, ids?: readonly CheckId[]): CheckFailure[] {
  const selected = ids ? RESPONSE_CHECKS.filter((c) => ids.includes(c.id)) : RESPONSE_CHECKS;
  return selected.flatMap((c) => c.run(ctx));
}

// The deeper phases (GEN-REQEXAMPLES, GEN-BOUNDARY, GEN-FUZZ, GEN-STATEFUL): requests derived from the spec, and their verdicts.
export { boundaryCases, type BoundaryCase, type BoundaryKind } from './boundary';
export { deriveChains, placeParameters, responseLinks, type Chain, type ChainStep, type ChainUpdate } from './chains';
export { inputSites, type InputSite } from './deep-inputs';
export { checkFilters, checkGone, checkNotRefused, checkRejected, checkUpdateVisible, declaredFilters, phaseFailure, valuesAt, type PhaseFailure } from './deep-verdicts';
export { describeInputs, invalidRequests, operationSeed, validRequests as validFuzzRequests, type InvalidRequest } from './fuzz';
export { requestExamples, type ExampleRequest } from './request-examples';
export { describeLimits, memoryCounter, MOCK_LIMITS, parseMaxRequests, RequestBudget, SANDBOX_LIMITS, type BudgetCounter, type BudgetLimits } from './budget';
