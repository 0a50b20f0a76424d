import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's `chromium` package (`.ci/run` installs it); a Playwright browser download is not possible here. */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline headless run (no sandbox: CI containers run as root). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium every browser test launches: `CHROMIUM_PATH` when set (the CI workflow sets it), else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH?.trim();
  return path !== undefined && path.length > 0 ? path : DEFAULT_CHROMIUM_PATH;
}

/**
 * Launches headless Chromium from `chromiumPath()`; the one place tests start a browser.
 * A missing binary fails with the way out (`npm test` installs or names it first:
 * scripts/check-prerequisites.mjs), not Playwright's download advice.
 */
export function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return Promise.reject(new Error(`Chromium not found at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`));
  }
  return chromium.launch({ executablePath: path, args: ARGS });
}
