/**
 * Contract of the generic checks (src/checks): small named functions over (operation, exchange) that return
 * typed failures. Checks know specs and responses; they never make a request.
 */
import type { Diagnostic, OperationInfo, Spec } from '../openapi';

export type CheckId =
  | 'GEN-STATUS'
  | 'GEN-CTYPE'
  | 'GEN-SCHEMA'
  | 'GEN-HEADERS'
  | 'GEN-UNDECLARED'
  | 'GEN-AUTH'
  | 'GEN-NEGATIVE'
  | 'GEN-EXAMPLES'
  | 'GEN-COVERAGE';

/** The deeper phases of the generated checks (src/checks/deep-*.ts, tests/conformance/deep.ts), each with its own ID. */
export type DeepPhaseId = 'GEN-REQEXAMPLES' | 'GEN-BOUNDARY' | 'GEN-FUZZ' | 'GEN-STATEFUL';

/** The part of a response a check may look at. */
export interface ObservedResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  bodyText: string;
  json: unknown;
}

export interface CheckContext {
  spec: Spec;
  op: OperationInfo;
  request: { method: string; url: string };
  response: ObservedResponse;
  /** GEN-UNDECLARED: report undeclared fields as failures (true) or warnings (false). Default true. */
  strict?: boolean;
}

export interface CheckFailure {
  check: CheckId;
  /** Fixed per kind of failure: "Undocumented status code". */
  title: string;
  /** "Received: 418\nDocumented: 200, 204, 400, 401" */
  message: string;
  /** Where in the spec the promise is written. */
  pointer: string;
  severity: 'error' | 'warning';
  diagnostics?: Diagnostic[];
}

export interface Check {
  id: CheckId;
  /** One sentence: what the check proves. */
  description: string;
  run(ctx: CheckContext): CheckFailure[];
}

/** A check over the whole spec rather than one exchange (GEN-EXAMPLES, GEN-COVERAGE). */
export interface SpecCheck {
  id: CheckId;
  description: string;
  run(spec: Spec, exercised: Iterable<ExercisedCall>): CheckFailure[];
}

/** Query values as a request sends them; arrays repeat the key (or are comma-joined by the caller). */
export type QueryValues = Record<string, string | number | boolean | (string | number | boolean)[]>;

/** GEN-AUTH: one request that must be rejected, as edits to an otherwise valid request. */
export interface AuthProbe {
  /** Short noun phrase used in test titles: "no credentials", "a malformed account credential". */
  name: string;
  /** One sentence: what the probe changes. */
  description: string;
  /** Headers to set after removing (names as the security scheme writes them). */
  setHeaders: Record<string, string>;
  /** Header names to remove (compare case-insensitively). */
  removeHeaders: string[];
  setQuery: Record<string, string>;
  removeQuery: string[];
}

/** The valid request a GEN-NEGATIVE probe is derived from. */
export interface ValidInputs {
  pathParams: Record<string, string | number>;
  query: QueryValues;
  headers: Record<string, string>;
  /** The JSON body (undefined when the operation takes none). */
  body: unknown;
}

export type NegativeKind =
  | 'path-malformed'
  | 'body-required'
  | 'body-type'
  | 'body-enum'
  | 'body-format'
  | 'body-not-json'
  | 'query-type'
  | 'query-enum'
  | 'query-format'
  | 'query-missing';

/** GEN-NEGATIVE: a whole request that violates the documented request schema. */
export interface NegativeProbe {
  kind: NegativeKind;
  /** What was violated: "body.kind = \"not-an-allowed-value\": body.kind must be one of \"walk\", \"run\"". */
  description: string;
  /** Where in the spec the violated constraint is written. */
  pointer: string;
  pathParams: Record<string, string | number>;
  query: QueryValues;
  headers: Record<string, string>;
  /** JSON body to send (absent when rawBody is set or the operation takes none). */
  body?: unknown;
  /** A body sent as is (with its content-type in headers), for the non-JSON probe. */
  rawBody?: string;
}

/** GEN-NEGATIVE: a request naming a resource that does not exist, by a well-formed value (must be 404). */
export interface UnknownResourceProbe {
  /** The value replaced: "path.user_id", "body.user_id". */
  target: string;
  description: string;
  pathParams: Record<string, string | number>;
  query: QueryValues;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Where a GEN-AUTH credential probe's credential comes from: a real credential of another scheme that travels in
 * the same place, one whose subject (profile, user) was deleted, or one that lacks the scopes the operation needs.
 * The runner obtains it (through the adapter); a check never does.
 */
export type CredentialSource =
  | { kind: 'other-scheme'; scheme: string }
  | { kind: 'deleted-subject'; scheme: string }
  | { kind: 'missing-scopes'; scheme: string; scopes: string[] };

/** GEN-AUTH: a real but unfit credential sent instead of the operation's own. */
export interface CredentialProbe {
  /** Short noun phrase used in test titles: "a userToken credential". */
  name: string;
  description: string;
  credential: CredentialSource;
  /** Header and query names of the operation's credentials, removed before the probe's credential is set. */
  removeHeaders: string[];
  removeQuery: string[];
  /** The documented statuses that count as the refusal ("403", "401"). */
  expect: string[];
}

/** One answered call of a run: which operation answered which status. */
export interface ExercisedCall {
  operationId: string;
  status: number | string;
}

/** GEN-COVERAGE: one documented operation x status. */
export interface CoverageRow {
  operationId: string;
  method: string;
  path: string;
  /** The status as documented ("200", "4XX", "default"). */
  status: string;
  pointer: string;
  exercised: boolean;
  /** The `x-conformance.unreachable` reason, when not exercised and one is given. */
  unreachable?: string;
}
