/**
 * First step of `npm test`: make sure the browser tests have a browser. Finds an installed
 * Chromium/Chrome; when there is none and this is a Debian-like machine where we may install
 * packages (root, or sudo without a password), installs Debian's `chromium` with apt-get —
 * the distribution's own client, never a download of our own. Otherwise one line says what to
 * install, and the test command stops before running anything.
 *
 * FLOWS_NO_BROWSER_INSTALL=1 forbids the install (only look).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BROWSER_ENV, findBrowser } from './find-browser';

const HOW_TO =
  'install Chromium or Chrome (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to its executable';

function fail(line: string): never {
  process.stderr.write(`npm test: ${line}\n`);
  process.exit(1);
}

/** How to run apt-get as root here, or null when we may not. */
function rootPrefix(): string[] | null {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : null;
}

function installDebianChromium(prefix: string[]): boolean {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'flows-browser-'));
  const log = path.join(logDir, 'apt-get.log');
  const out = openSync(log, 'a');
  process.stderr.write(`npm test: no Chromium found; installing Debian's chromium with apt-get (log: ${log})\n`);
  const run = (args: string[]): boolean => {
    const [cmd, ...rest] = [...prefix, ...args];
    const r = spawnSync(cmd, rest, { stdio: ['ignore', out, out], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return r.status === 0;
  };
  const ok = run(['apt-get', 'update']) && run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  if (!ok) process.stderr.write(`npm test: apt-get could not install chromium; see ${log}\n`);
  return ok;
}

function main(): void {
  const chosen = BROWSER_ENV.find((name) => process.env[name]);
  if (chosen && !findBrowser()) fail(`${chosen}=${process.env[chosen]} is not an executable browser; ${HOW_TO}`);
  if (findBrowser()) return;
  const prefix = process.env.FLOWS_NO_BROWSER_INSTALL ? null : rootPrefix();
  if (prefix && installDebianChromium(prefix) && findBrowser()) return;
  fail(`the browser tests need a browser and none was found; ${HOW_TO}`);
}

main();
