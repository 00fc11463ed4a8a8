/** loadSpec on broken copies of the mini fixture: each is refused with SPEC_INVALID naming file, line and pointer. */
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConformanceError } from '../../../src/errors';
import { loadSpec, PROJECT_ROOT } from '../../../src/openapi';

const MINI = fs.readFileSync(path.join(PROJECT_ROOT, 'tests', 'fixtures', 'specs', 'mini.openapi.yaml'), 'utf8');
const GET_ITEM = '  /items/{id}:\n    get:\n';
const X_CONFORMANCE = '      x-conformance: { tokens: [apiKey], mutates: false, production: true }\n';

let dir: string;
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-load-'));
});
test.afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Replaces the first occurrence of `from` (which must exist) in the mini spec. */
function broken(from: string, to: string): string {
  expect(MINI.includes(from), `the mini fixture should contain ${JSON.stringify(from)}`).toBe(true);
  return MINI.replace(from, to);
}

/** 1-based line of the first line of the text that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  expect(index, `the text should contain ${JSON.stringify(needle)}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

interface Problem {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  pointer: string;
}

/** Loads a broken copy and returns the error and the problems listed in its message (`file:line:col error [rule] message (at pointer)`). */
async function refusal(name: string, text: string): Promise<{ error: ConformanceError; file: string; problems: Problem[] }> {
  const file = path.join(dir, `${name}.openapi.yaml`);
  fs.writeFileSync(file, text);
  const error = await loadSpec(`broken-${name}`, file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConformanceError);
  const problems = (error as ConformanceError).message
    .split('\n')
    .slice(1)
    .map((l) => /^\s+(.+):(\d+):(\d+) error \[([^\]]+)\] (.*) \(at (#[^)]*)\)$/.exec(l))
    .map((m) => {
      expect(m, 'every problem line names file:line:col, rule, message and pointer').not.toBeNull();
      return { file: m![1]!, line: Number(m![2]), column: Number(m![3]), rule: m![4]!, message: m![5]!, pointer: m![6]! };
    });
  return { error: error as ConformanceError, file: path.relative(process.cwd(), file), problems };
}

function expectRefused(r: { error: ConformanceError; file: string }): void {
  expect(r.error.code).toBe('SPEC_INVALID');
  expect(r.error.exitCode).toBe(2);
  expect(r.error.message.split('\n')[0]).toMatch(new RegExp(`^The spec ${r.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is broken \\(\\d+ errors?\\); fix these and run again:$`));
}

test('the mini fixture itself loads without problems', async () => {
  const spec = await loadSpec('mini-load', path.join(PROJECT_ROOT, 'tests', 'fixtures', 'specs', 'mini.openapi.yaml'));
  expect(spec.problems).toEqual([]);
  expect(spec.operations.size).toBeGreaterThan(0);
});

test('a YAML syntax error is refused with its line and the block it sits in', async () => {
  const text = broken(GET_ITEM, `${GET_ITEM}   bad: [unclosed\n`);
  const r = await refusal('yaml-indent', text);
  expectRefused(r);
  expect(r.problems).toEqual([{ file: r.file, line: lineOf(text, 'bad: [unclosed'), column: 4, rule: 'yaml-syntax', message: 'YAML syntax error: bad indentation of a mapping entry', pointer: '#/paths/~1items~1{id}' }]);
});

test('a duplicated YAML key is refused at the duplicate, inside its operation', async () => {
  const text = broken('      summary: Get an item\n', '      summary: Get an item\n      summary: Get it again\n');
  const r = await refusal('yaml-duplicate', text);
  expectRefused(r);
  expect(r.problems).toEqual([{ file: r.file, line: lineOf(text, 'Get it again'), column: 7, rule: 'yaml-syntax', message: 'YAML syntax error: duplicated mapping key', pointer: '#/paths/~1items~1{id}/get' }]);
});

test('a YAML error inside a list item names the item', async () => {
  const text = broken('          example: it_1\n', '          example: it_1\n          example: it_2\n');
  const r = await refusal('yaml-list-item', text);
  expectRefused(r);
  expect(r.problems.map((p) => [p.line, p.pointer])).toEqual([[lineOf(text, 'example: it_2'), '#/paths/~1items~1{id}/get/parameters/0']]);
});

test('a dangling $ref is refused at the reference', async () => {
  const text = broken("schema: { $ref: '#/components/schemas/Error' }", "schema: { $ref: '#/components/schemas/Nope' }");
  const r = await refusal('dangling-ref', text);
  expectRefused(r);
  expect(r.problems.filter((p) => p.rule === 'no-unresolved-refs')).toEqual([
    { file: r.file, line: lineOf(text, "schemas/Nope'"), column: expect.any(Number), rule: 'no-unresolved-refs', message: "Can't resolve $ref", pointer: '#/paths/~1items~1{id}/get/responses/401/content/application~1json/schema' },
  ]);
});

test('an invalid schema is refused at the bad keyword', async () => {
  const text = broken('        id: { type: string }\n', '        id: { type: 12 }\n');
  const r = await refusal('invalid-schema', text);
  expectRefused(r);
  const struct = r.problems.find((p) => p.rule === 'struct');
  expect(struct).toMatchObject({ file: r.file, line: lineOf(text, 'id: { type: 12 }'), pointer: '#/components/schemas/Item/properties/id/type' });
  expect(struct?.message).toContain('`type` can be one of the following only');
});

test('an operation without x-conformance is refused at the operation', async () => {
  const text = broken(X_CONFORMANCE, '');
  const r = await refusal('no-x-conformance', text);
  expectRefused(r);
  expect(r.problems).toEqual([
    { file: r.file, line: lineOf(text, GET_ITEM.split('\n')[1]!), column: 5, rule: 'conformance/x-conformance', message: 'Operation getItem has no x-conformance metadata (tokens, mutates, production).', pointer: '#/paths/~1items~1{id}/get' },
  ]);
});

test('a missing spec file is refused with SPEC_NOT_FOUND', async () => {
  const error = await loadSpec('missing', path.join(dir, 'nope.openapi.yaml')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConformanceError);
  expect((error as ConformanceError).code).toBe('SPEC_NOT_FOUND');
});
