import type { OpenAPIV3_1 } from 'openapi-types';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** A JSON Schema (2020-12) object as it appears in the bundled spec. */
export type JsonSchema = Record<string, unknown> | boolean;

/**
 * `x-conformance` on an operation: what the suite needs to know that OpenAPI itself cannot say.
 * Decided by this project (see docs/ARCHITECTURE.md); linted by redocly.yaml.
 */
export interface XConformance {
  /** Token kinds (names of `components.securitySchemes`) that may call the operation; [] for none. */
  tokens: string[];
  /** The operation changes provider state (creates, updates, deletes, consumes a token...). */
  mutates: boolean;
  /** It may be called on the production target (read-only and harmless). */
  production: boolean;
  /** Statuses that no test can reach on some or all targets, with the reason (for GEN-COVERAGE). */
  unreachable?: Record<string, string>;
  /** Catalog IDs this operation is the subject of. */
  catalog?: string[];
}

export interface ParameterInfo {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
  schema?: JsonSchema;
  style?: string;
  explode?: boolean;
  example?: unknown;
  examples: unknown[];
  pointer: string;
}

export interface MediaInfo {
  contentType: string;
  schema?: JsonSchema;
  /** Every example found (`example` and each `examples.*.value`). */
  examples: { name: string; value: unknown; pointer: string }[];
  /** JSON pointer of the schema in the bundled spec ("#/paths/~1x/get/responses/200/content/application~1json/schema"). */
  schemaPointer: string;
}

export interface HeaderInfo {
  name: string;
  required: boolean;
  schema?: JsonSchema;
  pointer: string;
}

export interface ResponseInfo {
  /** "200", "4XX" or "default" as written in the spec. */
  status: string;
  description: string;
  headers: HeaderInfo[];
  content: MediaInfo[];
  pointer: string;
}

export interface RequestBodyInfo {
  required: boolean;
  content: MediaInfo[];
  pointer: string;
}

/** Security requirement alternatives: each entry is one alternative; within it, all schemes apply. */
export type SecurityAlternatives = { scheme: string; scopes: string[] }[][];

export interface OperationInfo {
  provider: string;
  operationId: string;
  method: HttpMethod;
  /** Path template as written under `paths` (relative to the server URL). */
  path: string;
  summary: string;
  pointer: string;
  parameters: ParameterInfo[];
  requestBody?: RequestBodyInfo;
  /** Effective security (operation-level, else document-level). [] means no security. */
  security: SecurityAlternatives;
  responses: ResponseInfo[];
  conformance: XConformance;
  tags: string[];
  /** Servers of its own (operation- or path-level `servers`), which win over the document's; [] when it has none. */
  servers: ServerInfo[];
}

export interface Decision {
  pointer: string;
  text: string;
}

/** `x-observed` on a spec element: behaviour seen against the real provider that the documentation contradicts. */
export interface Observation {
  /** JSON pointer of the element it sits on. */
  pointer: string;
  behaviour: string;
  /** Where it was published. */
  source: string;
  /** Date (YYYY-MM-DD) of the earliest public source showing it. */
  since: string;
  /** Catalog IDs whose scenarios it would make fail. */
  catalog: string[];
}

export interface ServerInfo {
  url: string;
  description?: string;
  /** `x-environment` on the server: "sandbox" or "production" (a project convention). */
  environment?: string;
}

export type OpenApiDocument = OpenAPIV3_1.Document;
