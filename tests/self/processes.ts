/**
 * Processes of the self-tests, started the way a user starts them: `conformance mock` in its own process group,
 * `conformance run` through the CLI, free ports, and stopping a whole group as Ctrl-C would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { PROJECT_ROOT } from '../../src/openapi';

export const CLI = path.join(PROJECT_ROOT, 'cli/main.ts');
/**
 * tsx itself rather than `npx tsx`: on a Ctrl-C to the group npx dies of the signal without an exit code, while
 * tsx waits for the command and exits with its code (130).
 */
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** MOCK_PORT_* of every instance `conformance mock` starts, each a free port. */
export async function freeMockPorts(): Promise<Record<string, string>> {
  return {
    MOCK_PORT_SAHHA: String(await freePort()),
    MOCK_PORT_SAHHA_PRODUCTION: String(await freePort()),
    MOCK_PORT_SONAR: String(await freePort()),
    MOCK_PORT_SYNHEART: String(await freePort()),
  };
}

export async function waitForFile(file: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`conformance mock exited with ${child.exitCode} before writing ${file}`);
    if (Date.now() > deadline) throw new Error(`conformance mock did not write ${file} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Interrupts the whole process group (as Ctrl-C would), and kills it if it has not stopped within 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGINT');
  } catch {
    return; // the group is gone already
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** The environment without the variables a user's shell or .env may set for a run (credentials, targets, mocks). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(SAHHA|SONAR|SYNHEART|CONFORMANCE|MOCK)_/.test(k) || k === 'CI') delete env[k];
  return { ...env, ...extra };
}

/** A `conformance` command started as its own process group (tsx -> node), its output collected. */
export interface CliProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(TSX, [CLI, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Runs a `conformance` command to its end (killed after timeoutMs) and returns its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 540_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = startCli(args, env);
  const timer = setTimeout(() => void stopGroup(proc.child), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, ...proc.output() };
}

export interface MockProcess {
  /** The sandbox-target variables it wrote (base URLs and fake credentials). */
  env: Record<string, string>;
  envFile: string;
  /** A temp folder of the caller's (removed by stop). */
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `conformance mock --write-env` on free ports, as `npm run mock` does, with `extraEnv` (MOCK_<NAME> credentials, say). */
export async function startMockProcess(extraEnv: Record<string, string> = {}): Promise<MockProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-process-'));
  const envFile = path.join(dir, 'mock.env');
  const proc = startCli(['mock', '--write-env', envFile], cleanEnv({ ...(await freeMockPorts()), ...extraEnv }));
  const stop = async () => {
    await stopGroup(proc.child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForFile(envFile, proc.child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const output = () => Object.values(proc.output()).join('');
  return { env: dotenv.parse(fs.readFileSync(envFile, 'utf8')), envFile, dir, output, stop };
}
