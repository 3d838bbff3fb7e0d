/**
 * Where the browser tests find a Chromium or Chrome already on this machine. Nothing here
 * downloads a browser: Playwright drives one that the machine has (Debian's `chromium`, a
 * system Chrome, or one named in CHROMIUM_PATH).
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Environment variables a person can set to point the tests at a browser of their own. */
export const BROWSER_ENV = ['CHROMIUM_PATH', 'CHROME_PATH'] as const;

const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];

const WELL_KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first browser found: the environment's choice, then well-known paths, then PATH. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const name of BROWSER_ENV) {
    const chosen = env[name];
    if (chosen) return isExecutable(chosen) ? chosen : null;
  }
  for (const file of WELL_KNOWN) if (isExecutable(file)) return file;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES_ON_PATH) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}
