/** Media types: parsing a Content-Type header and matching it against the media types a response documents. */
import type { MediaInfo, ResponseInfo } from '../openapi';

export interface MediaType {
  type: string;
  subtype: string;
  /** "type/subtype" in lower case, parameters dropped. */
  essence: string;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^\\s*(${TOKEN})/(${TOKEN})\\s*(?:;.*)?$`);

/** Parses "application/json; charset=utf-8"; undefined when the value is not a media type. */
export function parseMediaType(value: string): MediaType | undefined {
  const m = MEDIA_TYPE.exec(value);
  if (!m) return undefined;
  const type = m[1]!.toLowerCase();
  const subtype = m[2]!.toLowerCase();
  return { type, subtype, essence: `${type}/${subtype}` };
}

export function isJsonMedia(value: string): boolean {
  const mt = parseMediaType(value);
  return mt !== undefined && (mt.essence === 'application/json' || mt.subtype.endsWith('+json'));
}

/** Does a received media type fall under a documented one ("application/json", "application/*", "*\/*")? */
export function mediaMatches(documented: string, received: MediaType): boolean {
  const doc = parseMediaType(documented);
  if (!doc) return false;
  if (doc.type === '*') return true;
  if (doc.type !== received.type) return false;
  return doc.subtype === '*' || doc.subtype === received.subtype;
}

/** The documented media of a response that a Content-Type header matches. */
export function findMedia(response: ResponseInfo, contentType: string | undefined): MediaInfo | undefined {
  const received = contentType === undefined ? undefined : parseMediaType(contentType);
  if (!received) return undefined;
  return response.content.find((m) => mediaMatches(m.contentType, received));
}

/** The media a body is validated against: the one its Content-Type names, else the only or the JSON one. */
export function mediaForBody(response: ResponseInfo, contentType: string | undefined): MediaInfo | undefined {
  return findMedia(response, contentType) ?? (response.content.length === 1 ? response.content[0] : response.content.find((m) => isJsonMedia(m.contentType)));
}
