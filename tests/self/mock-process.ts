/**
 * The built-in mocks started the way a user starts them (`conformance mock --write-env f`), as a separate process
 * in its own process group on free ports; stopped with SIGINT to the whole group (npx does not pass signals on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as dotenv from 'dotenv';
import { PROJECT_ROOT } from '../../src/spec';

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
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGINT');
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

export interface MockProcess {
  /** The sandbox-target variables it wrote (base URLs and fake credentials). */
  env: Record<string, string>;
  envFile: string;
  dir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `conformance mock --write-env` on free ports, with `extraEnv` (MOCK_<NAME> credentials, say). */
export async function startMockProcess(extraEnv: Record<string, string> = {}): Promise<MockProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-process-'));
  const envFile = path.join(dir, 'mock.env');
  const ports = {
    MOCK_PORT_SAHHA: String(await freePort()),
    MOCK_PORT_SAHHA_PRODUCTION: String(await freePort()),
    MOCK_PORT_SONAR: String(await freePort()),
    MOCK_PORT_SYNHEART: String(await freePort()),
  };
  const child = spawn('npx', ['tsx', path.join(PROJECT_ROOT, 'src/cli/main.ts'), 'mock', '--write-env', envFile], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...ports, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: npx -> tsx -> node, all stopped together
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    await stopGroup(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForFile(envFile, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { env: dotenv.parse(fs.readFileSync(envFile, 'utf8')), envFile, dir, output: () => output, stop };
}
