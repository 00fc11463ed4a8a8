/**
 * `x-health-data` on the specs' schema properties: every mark names a known category, the lint (redocly.yaml's
 * conformance/x-health-data) refuses a wrong one, and the mask derived from the marks (src/health-data.ts) turns the
 * marked values of a documented answer into typed placeholders while leaving the rest as it was.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { createHealthMask, HEALTH_CATEGORIES, healthDataHidden, healthFields, placeholderOf } from '../../../src/health-data';
import { loadSpec, PROJECT_ROOT, PROVIDERS, specFileFor } from '../../../src/openapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require(path.join(PROJECT_ROOT, 'redocly', 'conformance-plugin.cjs')) as { HEALTH_CATEGORIES: string[] };
const cli = (args: string[]) => spawnSync('npx', ['tsx', path.join(PROJECT_ROOT, 'cli/main.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });

test('the lint rule and the mask know the same health-data categories', () => {
  expect(plugin.HEALTH_CATEGORIES).toEqual([...HEALTH_CATEGORIES]);
});

test('each spec marks its personal and health fields, every mark with a known category', async () => {
  const categories: Record<string, Set<string>> = {};
  for (const provider of PROVIDERS) {
    const fields = healthFields((await loadSpec(provider)).document);
    expect(fields.length, `${provider} marks health fields`).toBeGreaterThan(10);
    for (const f of fields) expect(HEALTH_CATEGORIES as readonly string[], `${provider} ${f.pointer}`).toContain(f.category);
    categories[provider] = new Set(fields.map((f) => f.category));
  }
  expect([...categories.sahha!].sort()).toEqual(['biometrics', 'demographics', 'device identifiers', 'scores', 'user references']);
  expect(categories.sonar).toEqual(new Set(['biometrics', 'demographics', 'device identifiers', 'scores', 'user references']));
  expect(categories.synheart!.has('free text')).toBe(true);
});

test('the lint refuses an unknown health-data category and a look-alike key, naming the rule and the line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-lint-'));
  try {
    const file = path.join(dir, 'sonar.openapi.yaml');
    const text = fs.readFileSync(specFileFor('sonar'), 'utf8');
    const broken = text.replace('x-health-data: biometrics', 'x-health-data: heart').replace('x-health-data: device identifiers, type', 'x-healthdata: device identifiers, type');
    expect(broken).not.toBe(text);
    fs.writeFileSync(file, broken);
    const res = cli(['lint', '--file', file]);
    expect(res.status).toBe(2);
    const lines = res.stdout.split('\n').filter((l) => l.includes('[conformance/x-health-data]'));
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/sonar\.openapi\.yaml:\d+:\d+ error \[conformance\/x-health-data\] x-health-data must be one of .*; got "heart"/);
    expect(lines.join('\n')).toMatch(/"x-healthdata" is not the health-data mark/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the mask replaces marked values of a documented answer with typed placeholders and keeps the rest', async () => {
  const spec = await loadSpec('sonar');
  const mask = createHealthMask(spec);
  const body = {
    data: [{ date: '2025-05-01', metric: 'resting_heart_rate', value: 61.4729, unit: 'bpm', source: { provider: 'oura', device_id: 'dev-canary-0042', original_value: 61.47, original_unit: 'bpm' } }],
    meta: { page: 1, per_page: 10, total: 1 },
  };
  const out = mask.body(body, { direction: 'response', method: 'GET', url: 'http://127.0.0.1:9/v1/users/usr_1/daily?page=1', status: 200, contentType: 'application/json' });
  expect(out).toBeDefined();
  expect(out!.value).toEqual({
    data: [{ date: '2025-05-01', metric: 'resting_heart_rate', value: '<number>', unit: 'bpm', source: { provider: 'oura', device_id: '<string>', original_value: '<number>', original_unit: 'bpm' } }],
    meta: { page: 1, per_page: 10, total: 1 },
  });
  expect(out!.hidden).toEqual(['dev-canary-0042']);
  // A request body (user creation) and a field the schema does not declare are masked too (by the marked name).
  const created = mask.body({ reference_id: 'customer-canary-77', timezone: 'Europe/Oslo', avg_heart_rate: 58 }, { direction: 'request', method: 'POST', url: 'http://127.0.0.1:9/v1/users', contentType: 'application/json' });
  expect(created!.value).toEqual({ reference_id: '<string>', timezone: '<string>', avg_heart_rate: '<number>' });
  // Nothing marked: no change.
  expect(mask.body({ error: 'not_found', message: 'No such user' }, { direction: 'response', method: 'GET', url: 'http://127.0.0.1:9/v1/users/x', status: 404 })).toBeUndefined();
  // A query parameter named like a marked property: its value is hidden in the recorded URL.
  expect(mask.url('http://127.0.0.1:9/v1/users?page=1&reference_id=customer-canary-77', 'GET')).toEqual({ url: 'http://127.0.0.1:9/v1/users?page=1&reference_id=<string>', hidden: ['customer-canary-77'] });
  expect(mask.url('http://127.0.0.1:9/v1/users?page=1', 'GET')).toBeUndefined();
});

test('Sahha demographics become placeholders of their type: integer, date, string; null stays null', async () => {
  const mask = createHealthMask(await loadSpec('sahha'));
  const out = mask.body({ age: 97, gender: null, birthDate: '1928-02-29', occupation: 'lighthouse keeper' }, { direction: 'response', method: 'GET', url: 'http://127.0.0.1:9/api/v1/profile/demographic', status: 200 });
  expect(out!.value).toEqual({ age: '<integer>', gender: null, birthDate: '<date>', occupation: '<string>' });
  expect(placeholderOf('2025-01-01T10:00:00Z')).toBe('<date-time>');
  expect(placeholderOf([1, 2])).toBe('<array>');
});

test('health data is hidden on production by default, shown elsewhere, and CONFORMANCE_HEALTH_DATA decides otherwise', () => {
  expect(healthDataHidden('production', {})).toBe(true);
  expect(healthDataHidden('sandbox', {})).toBe(false);
  expect(healthDataHidden('mock', {})).toBe(false);
  expect(healthDataHidden('production', { CONFORMANCE_HEALTH_DATA: 'show' })).toBe(false);
  expect(healthDataHidden('mock', { CONFORMANCE_HEALTH_DATA: 'hide' })).toBe(true);
  expect(() => healthDataHidden('mock', { CONFORMANCE_HEALTH_DATA: 'maybe' })).toThrow(/neither "show" nor "hide"/);
});
