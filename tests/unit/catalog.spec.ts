import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { areaOf, CATALOG_FILE, catalogIdOf, loadCatalog } from '../../src/catalog';
import { PROJECT_ROOT } from '../../src/openapi';

const SHARED_CATALOG = path.join(PROJECT_ROOT, '..', 'shared', 'CATALOG.md');

test('the project copy of the catalog matches the team catalog beside the project, when there is one', () => {
  test.skip(!fs.existsSync(SHARED_CATALOG), 'no ../shared/CATALOG.md beside the project');
  expect(fs.readFileSync(CATALOG_FILE, 'utf8'), 'catalog/CATALOG.md is out of date: copy ../shared/CATALOG.md over it').toBe(fs.readFileSync(SHARED_CATALOG, 'utf8'));
});

test('the catalog parses into every generic check and every provider promise with its area and targets', () => {
  const catalog = loadCatalog();
  expect(catalog.filter((e) => e.provider === 'generic').map((e) => e.id)).toEqual(['GEN-STATUS', 'GEN-CTYPE', 'GEN-SCHEMA', 'GEN-HEADERS', 'GEN-UNDECLARED', 'GEN-AUTH', 'GEN-NEGATIVE', 'GEN-EXAMPLES', 'GEN-COVERAGE']);
  expect(catalog.find((e) => e.id === 'SON-TOK-5')).toMatchObject({ provider: 'sonar', area: 'token lifecycle', where: ['mock'] });
  expect(catalog.find((e) => e.id === 'SAH-TOK-3')?.where).toEqual(['sandbox', 'mock']);
  expect(new Set(catalog.map((e) => e.id)).size).toBe(catalog.length);
});

test('catalog IDs are read from the start of test titles only', () => {
  expect(catalogIdOf('SON-TOK-4 mobile token is single-use')).toBe('SON-TOK-4');
  expect(catalogIdOf('GEN-SCHEMA getScores answers as documented')).toBe('GEN-SCHEMA');
  expect(catalogIdOf('a test about SON-TOK-4')).toBeUndefined();
  expect(areaOf('SYN-ING-1')).toBe('data');
  expect(areaOf('SAH-SCP-2')).toBe('scopes');
});
