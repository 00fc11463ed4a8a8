/** Builds the operation index of a bundled OpenAPI 3.1 document. Knows OpenAPI, nothing of checks or HTTP. */
import type {
  Decision,
  HeaderInfo,
  HttpMethod,
  JsonSchema,
  MediaInfo,
  Observation,
  OpenApiDocument,
  OperationInfo,
  ParameterInfo,
  RequestBodyInfo,
  ResponseInfo,
  SecurityAlternatives,
  ServerInfo,
  XConformance,
} from './types';
import { HTTP_METHODS } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
export function pointerOf(...tokens: string[]): string {
  return '#/' + tokens.map(escapePointer).join('/');
}

/** Resolves a local `$ref` ("#/components/...") inside the bundled document, following chains. */
export function resolveRef<T = unknown>(doc: OpenApiDocument, value: unknown): T {
  let cur = value;
  const seen = new Set<string>();
  while (isObj(cur) && typeof cur.$ref === 'string') {
    const ref = cur.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) break;
    seen.add(ref);
    cur = getByPointer(doc, ref);
  }
  return cur as T;
}

export function getByPointer(doc: unknown, pointer: string): unknown {
  const tokens = pointer.replace(/^#\/?/, '').split('/').filter((t) => t.length > 0);
  let cur: unknown = doc;
  for (const raw of tokens) {
    const t = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

/** The Example objects of a map (`examples:`), `$ref`s to `components.examples` followed, each with its value's pointer. */
export function exampleObjects(doc: OpenApiDocument, examples: unknown, pointer: string): MediaInfo['examples'] {
  if (!isObj(examples)) return [];
  const out: MediaInfo['examples'] = [];
  for (const [name, raw] of Object.entries(examples)) {
    const ref = isObj(raw) && typeof raw.$ref === 'string' && raw.$ref.startsWith('#/') ? raw.$ref : undefined;
    const ex = ref ? resolveRef<unknown>(doc, raw) : raw;
    if (isObj(ex) && 'value' in ex) out.push({ name, value: ex.value, pointer: `${ref ?? `${pointer}/examples/${escapePointer(name)}`}/value` });
  }
  return out;
}

function collectExamples(doc: OpenApiDocument, media: Obj, pointer: string): MediaInfo['examples'] {
  const out: MediaInfo['examples'] = [];
  if ('example' in media) out.push({ name: 'example', value: media.example, pointer: `${pointer}/example` });
  out.push(...exampleObjects(doc, media.examples, pointer));
  return out;
}

function mediaList(doc: OpenApiDocument, content: unknown, pointer: string): MediaInfo[] {
  if (!isObj(content)) return [];
  return Object.entries(content).map(([contentType, m]) => {
    const media = resolveRef<Obj>(doc, m) ?? {};
    const mp = `${pointer}/${escapePointer(contentType)}`;
    return {
      contentType,
      schema: media.schema as JsonSchema | undefined,
      schemaPointer: `${mp}/schema`,
      examples: collectExamples(doc, media, mp),
    };
  });
}

function parseConformance(raw: unknown): XConformance {
  const c = isObj(raw) ? raw : {};
  return {
    tokens: Array.isArray(c.tokens) ? c.tokens.map(String) : [],
    mutates: c.mutates === true,
    production: c.production === true,
    unreachable: isObj(c.unreachable) ? Object.fromEntries(Object.entries(c.unreachable).map(([k, v]) => [k, String(v)])) : undefined,
    catalog: Array.isArray(c.catalog) ? c.catalog.map(String) : undefined,
  };
}

function parseSecurity(raw: unknown): SecurityAlternatives | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.map((req) => (isObj(req) ? Object.entries(req).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes.map(String) : [] })) : []));
}

export function buildOperationIndex(provider: string, doc: OpenApiDocument): Map<string, OperationInfo> {
  const index = new Map<string, OperationInfo>();
  const globalSecurity = parseSecurity((doc as Obj).security) ?? [];
  const paths = isObj(doc.paths) ? (doc.paths as Obj) : {};
  for (const [p, rawItem] of Object.entries(paths)) {
    const item = resolveRef<Obj>(doc, rawItem);
    if (!isObj(item)) continue;
    const itemParams = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const opPointer = pointerOf('paths', p, method);
      const operationId = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${p}`;
      const params = new Map<string, ParameterInfo>();
      const addParams = (list: unknown[], base: string) => {
        list.forEach((raw, i) => {
          const prm = resolveRef<Obj>(doc, raw);
          if (!isObj(prm)) return;
          const name = String(prm.name);
          const loc = String(prm.in) as ParameterInfo['in'];
          const examples: unknown[] = [];
          if ('example' in prm) examples.push(prm.example);
          examples.push(...exampleObjects(doc, prm.examples, '').map((ex) => ex.value));
          const schema = prm.schema as JsonSchema | undefined;
          if (isObj(schema) && 'examples' in schema && Array.isArray(schema.examples)) examples.push(...schema.examples);
          params.set(`${loc}:${name}`, {
            name,
            in: loc,
            required: prm.required === true || loc === 'path',
            schema,
            style: typeof prm.style === 'string' ? prm.style : undefined,
            explode: typeof prm.explode === 'boolean' ? prm.explode : undefined,
            example: examples[0],
            examples,
            pointer: `${base}/${i}`,
          });
        });
      };
      addParams(itemParams, `${pointerOf('paths', p)}/parameters`);
      addParams(Array.isArray(op.parameters) ? op.parameters : [], `${opPointer}/parameters`);

      let requestBody: RequestBodyInfo | undefined;
      if (op.requestBody !== undefined) {
        const rb = resolveRef<Obj>(doc, op.requestBody);
        requestBody = {
          required: rb?.required === true,
          content: mediaList(doc, rb?.content, `${opPointer}/requestBody/content`),
          pointer: `${opPointer}/requestBody`,
        };
      }

      const responses: ResponseInfo[] = [];
      if (isObj(op.responses)) {
        for (const [status, rawResp] of Object.entries(op.responses)) {
          const resp = resolveRef<Obj>(doc, rawResp);
          if (!isObj(resp)) continue;
          const rp = `${opPointer}/responses/${escapePointer(status)}`;
          const headers: HeaderInfo[] = [];
          if (isObj(resp.headers)) {
            for (const [hn, rawH] of Object.entries(resp.headers)) {
              const h = resolveRef<Obj>(doc, rawH);
              headers.push({ name: hn, required: h?.required === true, schema: h?.schema as JsonSchema | undefined, pointer: `${rp}/headers/${escapePointer(hn)}` });
            }
          }
          responses.push({
            status,
            description: typeof resp.description === 'string' ? resp.description : '',
            headers,
            content: mediaList(doc, resp.content, `${rp}/content`),
            pointer: rp,
          });
        }
      }

      index.set(operationId, {
        provider,
        operationId,
        method: method as HttpMethod,
        path: p,
        summary: typeof op.summary === 'string' ? op.summary : '',
        pointer: opPointer,
        parameters: [...params.values()],
        requestBody,
        security: parseSecurity(op.security) ?? globalSecurity,
        responses,
        conformance: parseConformance(op['x-conformance']),
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        servers: listServers({ servers: (Array.isArray(op.servers) ? op.servers : Array.isArray(item.servers) ? item.servers : []) as OpenApiDocument['servers'] } as OpenApiDocument),
      });
    }
  }
  return index;
}

/** Every value of a vendor extension in the document (each entry of an array value), with the pointer of its element. */
function collectExtension(doc: unknown, key: string): { pointer: string; value: unknown }[] {
  const out: { pointer: string; value: unknown }[] = [];
  const walk = (node: unknown, ptr: string) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${ptr}/${i}`));
    else if (isObj(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) for (const value of Array.isArray(v) ? v : [v]) out.push({ pointer: ptr || '#', value });
        else walk(v, `${ptr}/${escapePointer(k)}`);
      }
    }
  };
  walk(doc, '#');
  return out;
}

/** Every `x-decision` in the document, with where it sits. */
export function collectDecisions(doc: unknown): Decision[] {
  return collectExtension(doc, 'x-decision').map(({ pointer, value }) => ({ pointer, text: String(value) }));
}

/**
 * Every `x-observed` in the document: behaviour a third party saw the real provider show that contradicts the
 * documented contract. The spec keeps the documented contract; the report shows the observation beside a failure
 * of the element it sits on (at or below its pointer) or of the catalog IDs it names.
 */
export function collectObservations(doc: unknown): Observation[] {
  return collectExtension(doc, 'x-observed').map(({ pointer, value }) => {
    const entry = isObj(value) ? value : { behaviour: String(value) };
    return {
      pointer,
      behaviour: String(entry.behaviour ?? ''),
      source: String(entry.source ?? ''),
      since: String(entry.since ?? ''),
      catalog: Array.isArray(entry.catalog) ? entry.catalog.map(String) : [],
    };
  });
}

export function listServers(doc: OpenApiDocument): ServerInfo[] {
  return (doc.servers ?? []).map((s) => ({
    url: s.url,
    description: s.description,
    environment: typeof (s as Obj)['x-environment'] === 'string' ? String((s as Obj)['x-environment']) : undefined,
  }));
}

/** Does a concrete request path match a template ("/users/{id}")? Returns the path parameters or null. */
export function matchPathTemplate(template: string, actual: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (m) {
            names.push(m[1]!);
            return '([^/]+)';
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('') +
      '/?$',
  );
  const match = re.exec(actual);
  if (!match) return null;
  const out: Record<string, string> = {};
  names.forEach((n, i) => {
    out[n] = decodeURIComponent(match[i + 1]!);
  });
  return out;
}

/** Fills a path template with values (URL-encoded). */
export function fillPathTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`No value for path parameter "${name}" of ${template}`);
    return encodeURIComponent(String(v));
  });
}

/** Finds the documented response for a status: exact, then "4XX", then "default". */
export function findResponse(op: OperationInfo, status: number): ResponseInfo | undefined {
  const exact = op.responses.find((r) => r.status === String(status));
  if (exact) return exact;
  const range = op.responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`);
  if (range) return range;
  return op.responses.find((r) => r.status === 'default');
}
