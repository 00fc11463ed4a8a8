import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { EXIT } from './exit';

/**
 * The suite's Playwright config, beside the command line: playwright.config.ts from the sources,
 * dist/playwright.config.js in the installed package.
 */
export const PLAYWRIGHT_CONFIG = path.join(__dirname, '..', `playwright.config${path.extname(__filename)}`);

/** Playwright's own CLI script, started with this node (no npx in between to swallow or race a signal). */
const PLAYWRIGHT_CLI = path.join(path.dirname(require.resolve('@playwright/test/package.json')), 'cli.js');

/**
 * Runs `playwright <args>` and resolves with its exit code (130 when interrupted). The child runs in its own
 * process group, so a Ctrl-C reaches it exactly once, forwarded from here: a second SIGINT would make Playwright
 * stop at once instead of finishing its reports.
 */
export function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    // In the current folder (the user's project): relative paths of reports, outputs and .env values resolve there.
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], { cwd: process.cwd(), env, stdio: 'inherit', detached: true });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onSigint = forward('SIGINT');
    const onSigterm = forward('SIGTERM');
    const onExit = () => child.kill('SIGKILL'); // never leave a run behind
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    process.on('exit', onExit);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.off('exit', onExit);
      resolve(signal === 'SIGINT' || code === EXIT.INTERRUPTED ? EXIT.INTERRUPTED : (code ?? EXIT.COULD_NOT_RUN));
    });
  });
}
