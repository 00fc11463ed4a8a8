/** Small helpers of the benchmarks: timing, child processes, temp folders, the printed table. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../src/openapi';

export const now = (): number => performance.now();

/** Milliseconds a function takes (sync or async). */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await fn();
  return { ms: now() - start, value };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

const created: string[] = [];

/** A fresh folder under the OS temp folder, removed by removeTempDirs() at the end of the bench. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface ChildRun {
  code: number;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs `npx <args>` from the project root and measures its wall time (spawn to exit). */
export function runNpx(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 900_000): Promise<ChildRun> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete fullEnv.CI;
  return new Promise((resolve) => {
    const start = now();
    const child = spawn('npx', args, { cwd: PROJECT_ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve({ code: c ?? -1, ms: now() - start, stdout, stderr });
    });
  });
}

/** The last lines of a child's output, for a "failed: ..." reason. */
export function tail(text: string, lines = 5): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

export const errorText = (err: unknown): string => (err instanceof Error ? err.message.split('\n').slice(0, 3).join(' ') : String(err));

/** A plain text table with right-aligned numbers. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US', { maximumFractionDigits: 2 }) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const isNum = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: (string | number)[]) => r.map((c, i) => (isNum[i] ? String(c ?? '').padStart(widths[i]!) : String(c ?? '').padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
