/**
 * GEN-COVERAGE: every documented operation x status, whether some call of the run answered it, and the reason
 * given in `x-conformance.unreachable` for those no test can reach.
 */
import { findResponse, type Spec } from '../openapi';
import { failure } from './failure';
import type { CheckFailure, CoverageRow, ExercisedCall } from './types';

const key = (operationId: string, status: string) => `${operationId} ${status}`;

/** The documented responses the calls reached (a 404 reaches "404", else "4XX", else "default"). */
function reached(spec: Spec, exercised: Iterable<ExercisedCall>): Set<string> {
  const out = new Set<string>();
  for (const call of exercised) {
    const op = spec.operations.get(call.operationId);
    const resp = op && findResponse(op, Number(call.status));
    if (resp) out.add(key(call.operationId, resp.status));
  }
  return out;
}

export interface CoverageOptions {
  /** The run's target: on production, operations it may not call are unreachable by design. */
  target?: string;
}

const PRODUCTION_READ_ONLY = 'Not called on the production target: the spec does not mark the operation safe for production (x-conformance.production false or mutates true).';

export function coverage(spec: Spec, exercised: Iterable<ExercisedCall>, options: CoverageOptions = {}): CoverageRow[] {
  const hit = reached(spec, exercised);
  return [...spec.operations.values()].flatMap((op) =>
    op.responses.map((resp): CoverageRow => {
      const row: CoverageRow = { operationId: op.operationId, method: op.method, path: op.path, status: resp.status, pointer: resp.pointer, exercised: hit.has(key(op.operationId, resp.status)) };
      const refused = options.target === 'production' && (!op.conformance.production || op.conformance.mutates);
      const reason = op.conformance.unreachable?.[resp.status] ?? (refused ? PRODUCTION_READ_ONLY : undefined);
      if (!row.exercised && reason !== undefined) row.unreachable = reason;
      return row;
    }),
  );
}

/** A failure for each documented status that no call reached and that is not listed as unreachable. */
export function checkCoverage(spec: Spec, exercised: Iterable<ExercisedCall>, options: CoverageOptions = {}): CheckFailure[] {
  return coverage(spec, exercised, options)
    .filter((row) => !row.exercised && row.unreachable === undefined)
    .map((row) =>
      failure('GEN-COVERAGE', 'Documented status never exercised', {
        received: `no call of ${row.operationId} (${row.method.toUpperCase()} ${row.path}) answered ${row.status}`,
        documented: `${row.status}, with no reason in x-conformance.unreachable`,
        pointer: row.pointer,
      }),
    );
}
