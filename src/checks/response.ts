/**
 * The response checks: what one observed response must satisfy for the operation that answered it
 * (GEN-STATUS, GEN-CTYPE, GEN-SCHEMA, GEN-HEADERS, GEN-UNDECLARED). Each is a pure function of the context.
 */
import { findResponse, type HeaderInfo, type MediaInfo, type ResponseInfo } from '../openapi';
import { coerceWireValue } from './schema-facts';
import { excerpt, failure, summarise } from './failure';
import { isJsonMedia, mediaForBody, mediaMatches, parseMediaType } from './media';
import type { CheckContext, CheckFailure, CheckId } from './types';

/** Statuses whose responses never carry content (RFC 9110), whatever the spec says. */
const NO_CONTENT_STATUSES = new Set([204, 304]);

function documentedResponse(ctx: CheckContext): ResponseInfo | undefined {
  return findResponse(ctx.op, ctx.response.status);
}

export function checkStatus(ctx: CheckContext): CheckFailure[] {
  if (documentedResponse(ctx)) return [];
  const documented = ctx.op.responses.map((r) => r.status).join(', ') || 'no response at all';
  return [failure('GEN-STATUS', 'Undocumented status code', { received: String(ctx.response.status), documented, pointer: `${ctx.op.pointer}/responses` })];
}

export function checkContentType(ctx: CheckContext): CheckFailure[] {
  const resp = documentedResponse(ctx);
  if (!resp) return [];
  const { bodyText, headers } = ctx.response;
  if (resp.content.length === 0 || NO_CONTENT_STATUSES.has(ctx.response.status)) {
    // HTTP clients drop the body of a 204, so the headers that announce one count too.
    const announced = Number(headers['content-length'] ?? 0) > 0 || (headers['content-type'] ?? '').trim() !== '';
    if (bodyText.length === 0 && !announced) return [];
    const received = bodyText.length > 0 ? excerpt(bodyText) : `no body read, but Content-Type ${JSON.stringify(headers['content-type'] ?? '')} and Content-Length ${headers['content-length'] ?? 'absent'}`;
    return [failure('GEN-CTYPE', 'Body on a response without content', { received, documented: `${resp.status} without content`, pointer: resp.pointer })];
  }
  const documented = resp.content.map((m) => m.contentType).join(', ');
  const pointer = `${resp.pointer}/content`;
  const header = headers['content-type'];
  if (header === undefined || header.trim() === '') {
    return [failure('GEN-CTYPE', 'Missing Content-Type', { received: 'no Content-Type header', documented, pointer })];
  }
  const received = parseMediaType(header);
  if (!received) return [failure('GEN-CTYPE', 'Malformed Content-Type', { received: JSON.stringify(header), documented, pointer })];
  if (resp.content.some((m) => mediaMatches(m.contentType, received))) return [];
  return [failure('GEN-CTYPE', 'Undocumented Content-Type', { received: received.essence, documented, pointer })];
}

const NOT_JSON = Symbol('not JSON');

function bodyValue(ctx: CheckContext, media: MediaInfo): unknown {
  if (!isJsonMedia(media.contentType)) return ctx.response.bodyText;
  return ctx.response.json === undefined ? NOT_JSON : ctx.response.json;
}

/** The body against the schema documented for a response (shared by GEN-SCHEMA, GEN-AUTH and GEN-NEGATIVE). */
export function bodyFailures(ctx: CheckContext, resp: ResponseInfo, check: CheckId): CheckFailure[] {
  const media = mediaForBody(resp, ctx.response.headers['content-type']);
  if (media?.schema === undefined) return [];
  const value = bodyValue(ctx, media);
  const pointer = media.schemaPointer;
  if (value === NOT_JSON) {
    return [failure(check, 'Body is not JSON', { received: excerpt(ctx.response.bodyText), documented: `${media.contentType} (schema at ${pointer})`, pointer })];
  }
  const diagnostics = ctx.spec.validators.validateAt(pointer, media.schema, value, { label: 'body' });
  if (diagnostics.length === 0) return [];
  return [failure(check, 'Body does not match the documented schema', { received: summarise(diagnostics), documented: `${resp.status} ${media.contentType} (schema at ${pointer})`, pointer, diagnostics })];
}

export function checkSchema(ctx: CheckContext): CheckFailure[] {
  const resp = documentedResponse(ctx);
  return resp ? bodyFailures(ctx, resp, 'GEN-SCHEMA') : [];
}

function headerFailures(ctx: CheckContext, header: HeaderInfo): CheckFailure[] {
  const raw = ctx.response.headers[header.name.toLowerCase()];
  if (raw === undefined) {
    if (!header.required) return [];
    return [failure('GEN-HEADERS', 'Missing required response header', { received: `no ${header.name} header`, documented: `${header.name} (required)`, pointer: header.pointer })];
  }
  if (header.schema === undefined) return [];
  const value = coerceWireValue(ctx.spec, header.schema, raw);
  const diagnostics = ctx.spec.validators.validateAt(`${header.pointer}/schema`, header.schema, value, { label: `header ${header.name}` });
  if (diagnostics.length === 0) return [];
  return [failure('GEN-HEADERS', 'Response header does not match its schema', { received: `${header.name}: ${raw} (${summarise(diagnostics)})`, documented: `the schema at ${header.pointer}/schema`, pointer: `${header.pointer}/schema`, diagnostics })];
}

export function checkHeaders(ctx: CheckContext): CheckFailure[] {
  const resp = documentedResponse(ctx);
  if (!resp) return [];
  // OpenAPI: a documented Content-Type header is ignored (GEN-CTYPE owns it).
  return resp.headers.filter((h) => h.name.toLowerCase() !== 'content-type').flatMap((h) => headerFailures(ctx, h));
}

export function checkUndeclared(ctx: CheckContext): CheckFailure[] {
  const resp = documentedResponse(ctx);
  const media = resp && mediaForBody(resp, ctx.response.headers['content-type']);
  if (media?.schema === undefined || !isJsonMedia(media.contentType) || ctx.response.json === undefined) return [];
  const diagnostics = ctx.spec.validators
    .validateAt(media.schemaPointer, media.schema, ctx.response.json, { label: 'body', undeclared: true })
    .filter((d) => d.code === 'unevaluatedProperties');
  if (diagnostics.length === 0) return [];
  return [
    failure('GEN-UNDECLARED', 'Body has fields the schema does not declare', {
      received: summarise(diagnostics),
      documented: `the properties declared by the schema at ${media.schemaPointer}`,
      pointer: media.schemaPointer,
      severity: ctx.strict === false ? 'warning' : 'error',
      diagnostics,
    }),
  ];
}
