/** The renderers: the page embeds the model losslessly, and the markdown summary keeps its table intact. */
import { expect, test } from '@playwright/test';
import { embedJson, renderHtml } from '../../../reporters/html';
import { renderMarkdown } from '../../../reporters/markdown';
import { embeddedModel, hostileReport } from './helpers';

test('the embedded JSON cannot close its script element and parses back to the same model', async () => {
  const report = await hostileReport();
  expect(embedJson(report)).not.toMatch(/[<>&]/);
  expect(embeddedModel(renderHtml(report))).toEqual(JSON.parse(JSON.stringify(report)));
});

test('the markdown summary has one table row per provider and makes test titles inert (no raw HTML, no bare pipes)', async () => {
  const report = await hostileReport();
  const lines = renderMarkdown(report).split('\n');
  expect(lines[0]).toBe('## Conformance: drift');
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| provider'));
  expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| sahha', '| sonar']);
  const failureLine = lines.find((l) => l.startsWith('- **sahha**'))!;
  expect(failureLine.split(/(?<!\\)\|/)).toHaveLength(1);
  expect(failureLine).not.toMatch(/[<>]/);
  expect(rows[0]).toBe('| sahha | drift | 2 not-run | 1 failed · 1 not-run | 1 not-run | – | – | – |');
  expect(lines).toContain('### Catalog IDs without a test (8)');
});
