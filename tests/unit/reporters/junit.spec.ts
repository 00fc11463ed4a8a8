/** junit.xml from the report model: drift is a <failure>, could-not-run an <error>, a skip <skipped> with its reason. */
import { expect, test } from '@playwright/test';
import { renderJunit } from '../../../reporters/junit';
import { buildReport } from '../../../reporters/model';
import { checkFailure, collected, fixtureSpec, reportInput } from './helpers';

test('each test is a testcase; a contract failure is a failure, a test that got no answer an error, a skip skipped, with counts per provider', async () => {
  const spec = await fixtureSpec();
  const report = buildReport(
    reportInput(spec, [
      collected('sahha', 'GEN-STATUS getScores (GET /scores) answers as documented', 'failed', { checkFailures: [checkFailure('GEN-STATUS')] }),
      collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'failed', { errors: ['HttpError[REQUEST_TIMEOUT]: POST http://127.0.0.1/oauth got no complete response within 1000 ms'] }),
      collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected & "quoted" <b>', 'passed'),
      collected('sonar', 'SON-TOK-5 a mobile token is single-use', 'skipped', { skipReason: 'SON-TOK-5 runs on mock only (catalog).' }),
    ]),
  );
  const xml = renderJunit(report);
  const attrs = (tag: string) => [...xml.matchAll(new RegExp(`<${tag} ([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(attrs('testsuites')[0]).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
  expect(attrs('testsuite').map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
    ['sahha', '3', '1', '1', '0'],
    ['sonar', '1', '0', '0', '1'],
  ]);
  expect(attrs('failure')).toEqual([expect.objectContaining({ type: 'GEN-STATUS' })]);
  expect(attrs('error')).toEqual([expect.objectContaining({ type: 'could-not-run' })]);
  expect(xml).toContain('<skipped message="SON-TOK-5 runs on mock only (catalog)."/>');
  expect(xml).toContain('name="SAH-TOK-2 a wrong client secret is rejected &amp; &quot;quoted&quot; &lt;b&gt;"');
});
