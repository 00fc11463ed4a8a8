/**
 * Every exchange of a run as one HAR 1.2 file (`exchanges.har` in the report folder), to open in a browser's network
 * panel or any HAR viewer. Built from the tests' `exchanges.json` attachments, which are redacted (secrets, and health
 * data where it is hidden) at capture: nothing here sees a value the report could not show. Each entry's `comment` is
 * the test that made it; an exchange that got no answer has status 0 and its error in `response._error`.
 */
import type { Exchange } from '../src/http/types';
import type { CollectedTest } from './model';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: { code: string; message: string };
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: { startedDateTime: string; id: string; title: string; pageTimings: Record<string, never> }[];
    entries: HarEntry[];
    comment?: string;
  };
}

const headerList = (headers: Record<string, string>): HarNameValue[] => Object.entries(headers).map(([name, value]) => ({ name, value }));

function queryOf(url: string): HarNameValue[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return url
    .slice(q + 1)
    .split('#')[0]!
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return eq < 0 ? { name: decode(pair), value: '' } : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
    });
}

const contentType = (headers: Record<string, string>) => Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';

function entry(e: Exchange, test: CollectedTest): HarEntry {
  const reqBody = e.request.body;
  const res = e.response;
  const resBody = res?.body ?? '';
  return {
    startedDateTime: e.startedAt,
    time: e.durationMs,
    request: {
      method: e.request.method,
      url: e.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(e.request.headers),
      queryString: queryOf(e.request.url),
      ...(reqBody !== undefined ? { postData: { mimeType: contentType(e.request.headers), text: reqBody } } : {}),
      headersSize: -1,
      bodySize: reqBody === undefined ? 0 : Buffer.byteLength(reqBody),
    },
    response: {
      status: res?.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(res?.headers ?? {}),
      content: { size: Buffer.byteLength(resBody), mimeType: contentType(res?.headers ?? {}), ...(resBody ? { text: resBody } : {}) },
      redirectURL: res?.headers.location ?? '',
      headersSize: -1,
      bodySize: res ? Buffer.byteLength(resBody) : -1,
      ...(e.error ? { _error: e.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: e.durationMs, receive: 0 },
    comment: `[${test.provider}] ${test.titlePath.join(' › ')}${e.label ? ` · ${e.label}` : ''}`,
  };
}

/** The HAR of a run: one entry per exchange, in the order they started. */
export function renderHar(tests: CollectedTest[], creator: { name: string; version: string }, startedAt: string): Har {
  const entries = tests.flatMap((t) => t.exchanges.map((e) => entry(e, t))).sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  return {
    log: {
      version: '1.2',
      creator,
      pages: [],
      entries,
      comment: `Conformance run started ${startedAt}: every exchange, redacted at capture.`,
    },
  };
}
