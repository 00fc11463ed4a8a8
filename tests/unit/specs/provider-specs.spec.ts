/**
 * The three provider specs: lint-clean under redocly.yaml, agreed by an independent linter (Spectral),
 * consistent with themselves (GEN-EXAMPLES) and with the catalog, and `conformance lint` exits 2 with
 * file and line on a broken copy.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkExamples } from '../../../src/checks';
import { loadCatalog } from '../../../src/catalog';
import { loadSpec, PROJECT_ROOT, PROVIDERS, specFileFor } from '../../../src/openapi';

const cli = (args: string[]) =>
  spawnSync('npx', ['tsx', path.join(PROJECT_ROOT, 'cli/main.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });

for (const provider of PROVIDERS) {
  test.describe(`${provider} spec`, () => {
    test('loads with zero lint problems under redocly.yaml', async () => {
      const spec = await loadSpec(provider);
      expect(spec.problems).toEqual([]);
      expect(spec.operations.size).toBeGreaterThan(0);
    });

    test('GEN-EXAMPLES every example validates against its own schema', async () => {
      expect(checkExamples(await loadSpec(provider))).toEqual([]);
    });

    test('every operation has x-conformance and every secured operation documents its 401', async () => {
      const spec = await loadSpec(provider);
      for (const op of spec.operations.values()) {
        expect(op.conformance.mutates && op.conformance.production, `${op.operationId} cannot mutate and be safe for production`).toBe(false);
        if (op.security.some((alt) => alt.length > 0)) expect(op.responses.map((r) => r.status), op.operationId).toContain('401');
      }
    });

    test('every catalog ID of the provider is named by some operation, and every ID named exists in the catalog', async () => {
      const spec = await loadSpec(provider);
      const named = new Set([...spec.operations.values()].flatMap((op) => op.conformance.catalog ?? []));
      const catalog = loadCatalog();
      const ids = catalog.filter((e) => e.provider === provider).map((e) => e.id);
      expect(ids.filter((id) => !named.has(id)), 'catalog IDs no operation names').toEqual([]);
      expect([...named].filter((id) => !catalog.some((e) => e.id === id)), 'IDs named in the spec but missing from the catalog').toEqual([]);
    });

    test('records the decisions it took where the documents are silent (x-decision)', async () => {
      expect((await loadSpec(provider)).decisions.length).toBeGreaterThan(0);
    });
  });
}

test('Spectral (spectral:oas) reports no errors on the three specs', () => {
  const files = PROVIDERS.map(specFileFor);
  const res = spawnSync('npx', ['spectral', 'lint', '--fail-severity', 'error', '--format', 'json', '--ruleset', path.join(PROJECT_ROOT, '.spectral.yaml'), ...files], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 180_000 });
  const results = JSON.parse(res.stdout || '[]') as { severity: number; code: string; message: string; source: string }[];
  expect(results.filter((r) => r.severity === 0).map((r) => `${r.source} ${r.code}: ${r.message}`)).toEqual([]);
  expect(res.status).toBe(0);
});

test('conformance lint exits 0 on the three specs', () => {
  const res = cli(['lint']);
  expect(res.status, res.stdout + res.stderr).toBe(0);
});

test('conformance lint exits 2 on a broken copy and names file, line and pointer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-spec-'));
  const file = path.join(dir, 'sonar.openapi.yaml');
  const text = fs.readFileSync(specFileFor('sonar'), 'utf8').replace(/\$ref: '#\/components\/schemas\/([A-Za-z]+)'/, "$ref: '#/components/schemas/NoSuchSchema'");
  fs.writeFileSync(file, text);
  const res = cli(['lint', '--file', file]);
  expect(res.status).toBe(2);
  const line = res.stdout.split('\n').find((l) => l.includes('NoSuchSchema') || l.includes('no-unresolved-refs')) ?? '';
  expect(line).toMatch(/sonar\.openapi\.yaml:\d+:\d+ error \[no-unresolved-refs\]/);
  expect(line).toMatch(/\(at #\/[^)]+\)/);
});
