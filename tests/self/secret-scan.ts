/**
 * The redaction audit's scanner: looks for known secrets in every file under some folders (zip archives and
 * base64 blobs opened on the way) and in captured texts, in four encodings: raw (and HTML-escaped), JSON-escaped,
 * URL-encoded, base64 (standard and url-safe, at every byte alignment). Written apart from src/http/redact.ts on
 * purpose: the audit must not share the redactor's blind spots.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const ENCODINGS = ['raw', 'json', 'url', 'base64'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Needle {
  label: string;
  encoding: Encoding;
  text: string;
}

export interface Leak {
  /** File (with `!entry` for a zip entry, `#base64` for a decoded blob) or captured text where it was found. */
  where: string;
  label: string;
  encoding: Encoding;
}

/**
 * The substrings of the base64 text of anything holding `secret` at byte offset k (mod 3): the groups of four
 * characters that encode secret bytes only. One per alignment.
 */
function alignedBase64(secret: Buffer, urlSafe: boolean): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), secret]);
    const text = padded.toString(urlSafe ? 'base64url' : 'base64');
    const whole = Math.floor(padded.length / 3) * 4;
    out.push(text.slice(k === 0 ? 0 : 4, whole));
  }
  return out;
}

const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);

/** Every form of a secret the scanner looks for, labelled with its encoding (forms equal to an earlier one dropped). */
export function needlesFor(label: string, secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: [Encoding, string][] = [
    ['raw', secret],
    ['raw', htmlEscape(secret)],
    ['json', jsonEscape(secret)],
    ['json', jsonEscape(jsonEscape(secret))],
    ['url', encodeURIComponent(secret)],
    ['url', new URLSearchParams({ v: secret }).toString().slice(2)],
    ...alignedBase64(bytes, false).map((t): [Encoding, string] => ['base64', t]),
    ...alignedBase64(bytes, true).map((t): [Encoding, string] => ['base64', t]),
  ];
  const seen = new Set<string>();
  const needles: Needle[] = [];
  for (const [encoding, text] of forms) {
    if (text.length < 6 || seen.has(text)) continue;
    seen.add(text);
    needles.push({ label, encoding, text });
  }
  return needles;
}

/** The entries of a zip archive (stored or deflated), from its central directory. Unreadable entries are skipped. */
export function unzip(data: Buffer): { name: string; data: Buffer }[] {
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > data.length) return [];
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count && at + 46 <= data.length && data.readUInt32LE(at) === 0x02014b50; i++) {
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = data.readUInt32LE(at + 42);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    try {
      if (method === 0) entries.push({ name, data: raw });
      else if (method === 8) entries.push({ name, data: zlib.inflateRawSync(raw) });
    } catch {
      /* a broken entry holds nothing readable */
    }
    at = next;
  }
  return entries;
}

const isZip = (data: Buffer): boolean => data.length > 4 && data.readUInt32LE(0) === 0x04034b50;
/** Base64 runs long enough to hold a secret: data URIs and attachment bodies. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{40,}={0,2}/g;

/** Leaks in one piece of content; zip archives and base64 runs are opened and scanned in turn (depth-limited). */
export function scanContent(where: string, data: Buffer, needles: Needle[], depth = 0): Leak[] {
  if (isZip(data)) return unzip(data).flatMap((e) => scanContent(`${where}!${e.name}`, e.data, needles, depth + 1));
  const text = data.toString('utf8');
  const leaks: Leak[] = [];
  const found = new Set<string>();
  for (const n of needles) {
    const key = `${n.label}\0${n.encoding}`;
    if (!found.has(key) && text.includes(n.text)) {
      found.add(key);
      leaks.push({ where, label: n.label, encoding: n.encoding });
    }
  }
  if (depth < 3) {
    for (const match of text.matchAll(BASE64_RUN)) {
      const decoded = Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      // Only blobs that decode to text or an archive are worth a look; anything else is noise.
      if (isZip(decoded) || !/[\x00-\x08\x0e-\x1f\ufffd]/.test(decoded.toString('utf8'))) {
        leaks.push(...scanContent(`${where}#base64@${match.index}`, decoded, needles, depth + 1));
      }
    }
  }
  return leaks;
}

/** Every file under the folders (recursively). */
export function filesUnder(...dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
    }
  }
  return out.sort();
}

/** Scans every file under the folders and the named texts. */
export function scan(dirs: string[], texts: Record<string, string>, needles: Needle[]): { files: string[]; leaks: Leak[] } {
  const files = filesUnder(...dirs);
  const leaks = [
    ...files.flatMap((f) => scanContent(f, fs.readFileSync(f), needles)),
    ...Object.entries(texts).flatMap(([name, text]) => scanContent(name, Buffer.from(text, 'utf8'), needles)),
  ];
  return { files, leaks };
}
