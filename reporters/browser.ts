/**
 * Finds a Chromium to open the report page with (the report's browser test): CHROMIUM_PATH, then the system's
 * /usr/bin/chromium, then the one Playwright installs, whichever exists first.
 */
import * as fs from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Launch arguments for a quiet, offline, sandbox-less Chromium (containers run as root). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The places looked at, in order. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, bundled: () => string | undefined = playwrightChromium): string[] {
  return [env.CHROMIUM_PATH?.trim(), SYSTEM_CHROMIUM, bundled()].filter((p): p is string => !!p);
}

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = fs.existsSync, bundled: () => string | undefined = playwrightChromium): string | undefined {
  return chromiumCandidates(env, bundled).find((p) => exists(p));
}

export function chromiumMissingMessage(candidates: string[]): string {
  return `No Chromium found (looked at ${candidates.join(', ')}). Install one with "apt-get install -y chromium" or "npx playwright install chromium", or set CHROMIUM_PATH to a Chromium executable.`;
}
