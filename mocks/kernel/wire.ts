/** A MockResponse on the wire: serialised once, written to the socket, and seen by the response checks as sent. */
import { validateHeaderName, validateHeaderValue, STATUS_CODES, type ServerResponse } from 'node:http';
import type { ObservedResponse } from '../../src/checks/types';
import type { MockResponse } from './types';

export interface Wire {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Statuses that carry no content (RFC 9110); Node drops a body written on them, so the kernel writes it raw. */
const NO_CONTENT = new Set([204, 304]);

function assertStatus(status: number): void {
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`The response status ${String(status)} is not an HTTP status code.`);
}

/** Serialises a response; throws (as a handler bug) on a bad status, an unserialisable body or an invalid header. */
export function toWire(res: MockResponse): Wire {
  assertStatus(res.status);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers ?? {})) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    headers[name.toLowerCase()] = String(value);
  }
  let body = Buffer.alloc(0);
  if (res.raw) {
    body = Buffer.from(res.raw.data);
    headers['content-type'] = res.raw.contentType;
  } else if (res.body !== undefined) {
    body = Buffer.from(JSON.stringify(res.body), 'utf8');
    headers['content-type'] ??= 'application/json';
  }
  if (body.length > 0 || !NO_CONTENT.has(res.status)) headers['content-length'] = String(body.length);
  return { status: res.status, headers, body };
}

/** The response as a client sees it, for the response checks. */
export function observed(wire: Wire): ObservedResponse {
  const bodyText = wire.body.toString('utf8');
  let json: unknown;
  try {
    json = bodyText ? (JSON.parse(bodyText) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: wire.status, headers: { ...wire.headers }, bodyText, json };
}

/** Writes a 204/304 with a body byte for byte (Node would drop it) and closes the connection after it. */
function writeRawNoContent(res: ServerResponse, wire: Wire): void {
  const head = [`HTTP/1.1 ${wire.status} ${STATUS_CODES[wire.status] ?? ''}`, ...Object.entries({ ...wire.headers, connection: 'close' }).map(([k, v]) => `${k}: ${v}`)];
  res.socket?.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), wire.body]));
}

export function writeWire(res: ServerResponse, wire: Wire): void {
  if (wire.body.length > 0 && NO_CONTENT.has(wire.status)) return writeRawNoContent(res, wire);
  res.writeHead(wire.status, wire.headers);
  res.end(wire.body);
}
