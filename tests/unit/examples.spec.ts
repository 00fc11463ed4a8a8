/** The example CI workflow (examples/github-actions/conformance.yml) stays in step with the CLI and the adapters. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { getAdapter } from '../../src/adapters';
import { PROJECT_ROOT, PROVIDERS, readYamlFile } from '../../src/openapi';

type Step = { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { if?: string; env?: Record<string, string>; steps: Step[] }> };

const workflow = readYamlFile(path.join(PROJECT_ROOT, 'examples', 'github-actions', 'conformance.yml')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

test('pull requests run against the mocks and a nightly schedule runs against the sandboxes', () => {
  expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'schedule']));
  expect(workflow.jobs.mocks!.if).toContain("== 'pull_request'");
  expect(workflow.jobs.sandbox!.if).toContain("!= 'pull_request'");
  expect(workflow.jobs.sandbox!.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npx conformance verify', expect.stringContaining('npx conformance run --target sandbox')]);
});

test('every conformance command line of the workflow is accepted by the CLI (checked with --help, nothing runs)', () => {
  const lines = steps.map((s) => s.run ?? '').filter((r) => r.startsWith('npx conformance '));
  expect(lines.length).toBeGreaterThanOrEqual(4);
  for (const line of lines) {
    const args = line.replace('npx conformance ', '').replace(/\$\{\{ matrix\.shard \}\}/g, '1').split(/\s+/);
    const res = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'conformance.cjs'), ...args, '--help'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(res.status, `${line}: ${res.stderr}`).toBe(0);
  }
});

test('the sandbox job takes every required credential of every provider from secrets, names no unknown variable, and uploads reports also on failure', () => {
  const env = workflow.jobs.sandbox!.env ?? {};
  const known = PROVIDERS.flatMap((p) => [...getAdapter(p).credentials.required, ...getAdapter(p).credentials.optional]);
  for (const provider of PROVIDERS) for (const name of getAdapter(provider).credentials.required) expect(env[name], name).toBe(`\${{ secrets.${name} }}`);
  for (const [name, value] of Object.entries(env)) {
    expect(known, `${name} is a credential variable of an adapter`).toContain(name);
    expect(value).toBe(`\${{ secrets.${name} }}`);
  }
  const uploads = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
  expect(uploads.length).toBeGreaterThanOrEqual(3);
  for (const u of uploads) expect(u.if, u.name).toBe('always()');
  expect(uploads.filter((u) => u.with?.path?.includes('junit.xml'))).toHaveLength(2);
});
