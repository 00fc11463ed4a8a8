/** Reproduce in one line: curl with secrets as named shell variables, the rerun command, and the capture that names them. */
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { curlOf, rerunCommand, shellWord } from '../../../reporters/replay';
import { renderMarkdown } from '../../../reporters/markdown';
import { buildReport } from '../../../reporters/model';
import { ExchangeRecorder } from '../../../src/http/capture';
import { Redactor } from '../../../src/http/redact';
import { checkFailure, collected, fixtureSpec, reportInput } from './helpers';

const sh = (script: string, env: Record<string, string> = {}) => spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } }).stdout;

test('the capture records which credential variable each redacted header, query key and body key held', () => {
  const redactor = new Redactor();
  redactor.addSecret('sk_sandbox_canary_0001', 'SONAR_API_KEY');
  redactor.addSecret('client-secret-canary', 'SAHHA_CLIENT_SECRET');
  const recorder = new ExchangeRecorder(redactor);
  recorder.captureRequest({ origin: 'http://127.0.0.1:9', path: '/v1/users?token=sk_sandbox_canary_0001', method: 'POST', headers: { authorization: 'Bearer sk_sandbox_canary_0001', 'content-type': 'application/json' }, body: '{"clientSecret":"client-secret-canary","name":"it\'s"}' });
  const e = recorder.finish();
  expect(e.request.secrets).toEqual({ 'header:authorization': 'SONAR_API_KEY', 'query:token': 'SONAR_API_KEY', 'body:clientSecret': 'SAHHA_CLIENT_SECRET' });
  const curl = curlOf(e, 'sonar');
  expect(curl).not.toContain('canary');
  // The shell turns the command back into the request's words, with the variables' values in place.
  const words = sh(`set -- ${curl.replace(/^curl /, '')}; for w in "$@"; do printf '%s\\n' "$w"; done`, { SONAR_API_KEY: 'K1', SAHHA_CLIENT_SECRET: 'S1' }).trim().split('\n');
  expect(words).toEqual(['-sS', '-i', '-X', 'POST', 'http://127.0.0.1:9/v1/users?token=K1', '-H', 'authorization: Bearer K1', '-H', 'content-type: application/json', '--data-raw', '{"clientSecret":"S1","name":"it\'s"}']);
});

test('a secret without a recorded name is named after the provider and its place; the rerun line greps the test title', () => {
  expect(curlOf({ id: '1', request: { method: 'GET', url: 'http://h/x', headers: { 'x-api-key': '[REDACTED]' } }, startedAt: '', durationMs: 0, attempts: [] }, 'synheart')).toBe(`curl -sS -i 'http://h/x' -H 'x-api-key: '"$SYNHEART_X_API_KEY"`);
  const line = rerunCommand('sonar', 'sandbox', "GEN-SCHEMA listUsers (GET /users) isn't [documented]");
  expect(line).toBe(`npx conformance run --provider sonar --target sandbox --grep 'GEN-SCHEMA listUsers \\(GET /users\\) isn'\\''t \\[documented\\]'`);
  const grep = sh(`set -- ${line.split('--grep ')[1]}; printf '%s' "$1"`);
  expect(new RegExp(grep).test("GEN-SCHEMA listUsers (GET /users) isn't [documented]")).toBe(true);
  expect(shellWord([])).toBe("''");
});

test('the markdown summary lists one line per distinct problem with its tests under it', async () => {
  const spec = await fixtureSpec();
  const cf = checkFailure('GEN-STATUS', { pointer: '#/paths/~1scores/get/responses' });
  const tests = ['GEN-STATUS getScores (GET /scores) answers as documented', 'SAH-SCP-1 a profile token reads its own data'].map((t) => collected('sahha', t, 'failed', { checkFailures: [cf] }));
  const report = buildReport(reportInput(spec, [...tests, collected('sahha', 'SAH-TOK-2 a wrong client secret is rejected', 'failed')]));
  expect(report.problems.map((p) => p.tests.length)).toEqual([2, 1]);
  const md = renderMarkdown(report).split('\n');
  const section = md.slice(md.indexOf('### Distinct problems (2; 3 failing tests)'));
  expect(section[2]).toMatch(/^- \*\*sahha\*\* Undocumented status code at #\/paths\/~1scores\/get\/responses: received 418 \(GEN-STATUS; 2 tests, 1 operation\)$/);
  expect(section.slice(3, 5).map((l) => l.split(' — ')[0])).toEqual(tests.map((t) => `  - ${t.titlePath[0]}`));
});
