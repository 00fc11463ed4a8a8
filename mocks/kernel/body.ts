/** Reading a request body under a size limit, and interpreting it by the media types an operation documents. */
import type { IncomingMessage } from 'node:http';
import { isJsonMedia, mediaMatches, parseMediaType } from '../../src/checks/media';
import type { MediaInfo, OperationInfo } from '../../src/openapi';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface ReceivedBody {
  data: Buffer;
  /** The body went past the limit; reading stopped there (what was read is in `data`). */
  tooLarge: boolean;
}

/**
 * Reads the body, or stops buffering as soon as it (or its declared Content-Length) passes `limit`. The rest of
 * an oversize body is left flowing, so the answer can be sent while the client is still writing.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReceivedBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ data: Buffer.alloc(0), tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (tooLarge: boolean) => {
      if (settled) return;
      settled = true;
      resolve({ data: Buffer.concat(chunks), tooLarge });
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(true);
      else chunks.push(chunk);
    });
    req.on('end', () => settle(false));
    req.on('error', () => settle(false));
    req.on('close', () => settle(false));
  });
}

export type BodyOutcome =
  | { kind: 'ok'; body: unknown; /** The documented media the body was read as. */ media?: MediaInfo }
  | { kind: 'unsupported_media_type'; message: string }
  | { kind: 'malformed_json'; message: string };

function documentedMedia(op: OperationInfo, contentType: string | undefined): MediaInfo | undefined {
  const received = contentType === undefined ? undefined : parseMediaType(contentType);
  return received && op.requestBody?.content.find((m) => mediaMatches(m.contentType, received));
}

function parseJson(data: Buffer): BodyOutcome {
  try {
    return { kind: 'ok', body: JSON.parse(data.toString('utf8')) as unknown };
  } catch (err) {
    return { kind: 'malformed_json', message: `The request body is not valid JSON (${(err as Error).message}); send one JSON document.` };
  }
}

/**
 * The parsed body of a request: JSON when the Content-Type is a documented JSON media type, undefined for other
 * documented media (handlers read rawBody) and for an empty body or an operation without a request body.
 */
export function interpretBody(op: OperationInfo, contentType: string | undefined, data: Buffer): BodyOutcome {
  if (!op.requestBody || data.length === 0) return { kind: 'ok', body: undefined };
  const media = documentedMedia(op, contentType);
  if (!media) {
    const accepted = op.requestBody.content.map((m) => m.contentType).join(', ') || 'no body';
    const sent = contentType === undefined ? 'without a Content-Type' : `as ${JSON.stringify(contentType)}`;
    return { kind: 'unsupported_media_type', message: `The request body is sent ${sent}; ${op.operationId} accepts ${accepted}.` };
  }
  if (!isJsonMedia(media.contentType) && !isJsonMedia(contentType!)) return { kind: 'ok', body: undefined, media };
  const parsed = parseJson(data);
  return parsed.kind === 'ok' ? { ...parsed, media } : parsed;
}

/** What a handler gets when request checks are skipped (generic.accept-invalid-request): the JSON if it parses. */
export function lenientBody(data: Buffer): unknown {
  const outcome = data.length === 0 ? undefined : parseJson(data);
  return outcome?.kind === 'ok' ? outcome.body : undefined;
}
