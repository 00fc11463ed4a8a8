/** The redaction audit's scanner (tests/self/secret-scan.ts) finds a planted canary in every encoding it claims. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { ENCODINGS, needlesFor, scan, type Encoding } from '../self/secret-scan';

/** A canary whose JSON, URL and HTML forms all differ from the raw one. */
const CANARY = 'canary-7f3a91c2+/"q&x y';

/** A minimal zip archive (deflated entries; the scanner reads the central directory and does not check CRCs). */
function zipOf(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = zlib.deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(text), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Buffer.byteLength(text), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

let dir: string;
test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-'));
});
test.afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const base64At = (offset: number, urlSafe = false) => Buffer.from(`${'x'.repeat(offset)}${CANARY} and more text`).toString(urlSafe ? 'base64url' : 'base64');

const PLANTED: { file: string; content: string | Buffer; encoding: Encoding }[] = [
  { file: 'raw.txt', content: `token: ${CANARY}\n`, encoding: 'raw' },
  { file: 'report.html', content: `<td title="${CANARY.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></td>`, encoding: 'raw' },
  { file: 'results.json', content: JSON.stringify({ message: `got ${CANARY}` }), encoding: 'json' },
  { file: 'nested.json', content: JSON.stringify({ body: JSON.stringify({ secret: CANARY }) }), encoding: 'json' },
  { file: 'url.txt', content: `GET /x?key=${encodeURIComponent(CANARY)}`, encoding: 'url' },
  { file: 'form.txt', content: new URLSearchParams({ client_secret: CANARY }).toString(), encoding: 'url' },
  { file: 'b64-0.txt', content: `Basic ${base64At(0)}`, encoding: 'base64' },
  { file: 'b64-1.txt', content: base64At(1), encoding: 'base64' },
  { file: 'b64-2.txt', content: base64At(2), encoding: 'base64' },
  { file: 'b64url.txt', content: base64At(2, true), encoding: 'base64' },
];

test('the scanner finds a canary planted in each encoding, one file each, and nothing in a clean file', () => {
  for (const p of PLANTED) fs.writeFileSync(path.join(dir, p.file), p.content);
  fs.writeFileSync(path.join(dir, 'clean.txt'), `canary-7f3a91c2 is only a prefix; ${Buffer.from('canary-7f3a91c2').toString('base64')}`);
  const { files, leaks } = scan([dir], {}, needlesFor('canary', CANARY));
  expect(files).toHaveLength(PLANTED.length + 1);
  for (const p of PLANTED) {
    expect(leaks.filter((l) => path.basename(l.where) === p.file).map((l) => l.encoding), p.file).toContain(p.encoding);
  }
  expect(leaks.filter((l) => l.where.endsWith('clean.txt'))).toEqual([]);
  expect(new Set(leaks.map((l) => l.encoding))).toEqual(new Set(ENCODINGS));
});

test('the scanner opens zip archives, base64 data URIs holding one (as in the HTML report) and captured output', () => {
  fs.mkdirSync(path.join(dir, 'trace'));
  fs.writeFileSync(path.join(dir, 'trace', 'trace.zip'), zipOf({ 'a.txt': 'nothing', 'b/trace.network': `{"auth":"${CANARY}"}` }));
  const embedded = zipOf({ 'report.json': JSON.stringify({ attachments: [{ body: Buffer.from(`secret=${CANARY}`).toString('base64') }] }) });
  fs.writeFileSync(path.join(dir, 'index.html'), `<script>window.playwrightReportBase64 = "data:application/zip;base64,${embedded.toString('base64')}";</script>`);
  const { leaks } = scan([dir], { stdout: `ok\n${encodeURIComponent(CANARY)}\n`, stderr: '' }, needlesFor('canary', CANARY));
  expect(leaks.map((l) => `${l.where.startsWith(dir) ? l.where.slice(dir.length) : l.where} ${l.encoding}`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^\/index\.html#base64@\d+!report\.json#base64@\d+ raw$/), '/trace/trace.zip!b/trace.network raw', 'stdout url']),
  );
  expect(leaks.some((l) => l.where.includes('a.txt'))).toBe(false);
});
