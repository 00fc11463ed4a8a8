/**
 * Turns one Playwright test result into a CollectedTest: outcome, errors without colours, the skip reason, warnings,
 * and the suite's JSON attachments (exchanges.json, check-failures.json, operations.json, mock-drift.json) parsed.
 * An attachment that cannot be read or parsed becomes a warning on the test, never a crash of the reporter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { CollectedTest } from './model';
import { CONTRACT_FAILURE, COULD_NOT_RUN_ANNOTATION } from '../src/errors';

type Attachment = TestResult['attachments'][number];

/** Attachment name -> the CollectedTest field it fills. */
const JSON_ATTACHMENTS = {
  'exchanges.json': 'exchanges',
  'check-failures.json': 'checkFailures',
  'operations.json': 'operations',
  'mock-drift.json': 'mockDrift',
} as const;
type AttachmentField = (typeof JSON_ATTACHMENTS)[keyof typeof JSON_ATTACHMENTS];

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
export const stripAnsi = (text: string): string => text.replace(ANSI, '');

export function errorText(error: TestError): string {
  return stripAnsi(error.message ?? error.value ?? 'Unknown error.');
}

function readAttachment(a: Attachment): string {
  if (a.body) return a.body.toString('utf8');
  if (a.path) return fs.readFileSync(a.path, 'utf8');
  throw new Error('it has neither a body nor a path');
}

function parseArrayAttachment(a: Attachment): unknown[] {
  const data: unknown = JSON.parse(readAttachment(a));
  if (!Array.isArray(data)) throw new Error('it is not a JSON array');
  return data;
}

function outcomeOf(test: TestCase, result: TestResult): CollectedTest['outcome'] {
  if (result.status === 'skipped') return 'skipped';
  // A contract failure the suite marked expected (to keep its worker) is a failure all the same.
  const annotations = [...test.annotations, ...(result.annotations ?? [])];
  if (result.status === 'failed' && annotations.some((a) => a.type === 'fail' && a.description === CONTRACT_FAILURE)) return 'failed';
  return test.outcome() === 'unexpected' ? 'failed' : 'passed';
}

/** Whether a result is a finished attempt (an interrupted test did not finish and is not reported). */
export function isFinished(result: TestResult): boolean {
  return result.status !== 'interrupted';
}

export function collectTest(provider: string, rootDir: string, test: TestCase, result: TestResult): CollectedTest {
  const [, , , ...titlePath] = test.titlePath();
  const annotations = [...test.annotations, ...(result.annotations ?? [])];
  const collected: CollectedTest = {
    provider,
    titlePath,
    file: path.relative(rootDir, test.location.file).split(path.sep).join('/'),
    line: test.location.line,
    outcome: outcomeOf(test, result),
    durationMs: result.duration,
    retry: result.retry,
    errors: result.errors.map(errorText),
    warnings: annotations.filter((a) => a.type === 'warning' && a.description).map((a) => a.description!),
    exchanges: [],
    checkFailures: [],
    operations: [],
    mockDrift: [],
  };
  const skip = annotations.find((a) => a.type === 'skip' && a.description);
  const stopped = annotations.find((a) => a.type === COULD_NOT_RUN_ANNOTATION && a.description);
  if (collected.outcome === 'skipped' && stopped) {
    // Ended unsent because the target had stopped answering: a test that could not run, not a skipped one.
    collected.outcome = 'failed';
    collected.errors = [`ConformanceError[TARGET_STOPPED]: ${stopped.description}`];
  } else if (collected.outcome === 'skipped' && skip) collected.skipReason = skip.description!;
  for (const a of result.attachments) {
    const field: AttachmentField | undefined = JSON_ATTACHMENTS[a.name as keyof typeof JSON_ATTACHMENTS];
    if (!field) continue;
    try {
      (collected[field] as unknown[]).push(...parseArrayAttachment(a));
    } catch (err) {
      collected.warnings.push(`The attachment ${a.name} could not be read: ${(err as Error).message}.`);
    }
  }
  return collected;
}
