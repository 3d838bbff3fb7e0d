import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/find-browser';

function fakeBrowser(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-browser-'));
  const file = path.join(dir, 'my-chrome');
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding a browser for the browser tests', () => {
  it('takes the one CHROMIUM_PATH or CHROME_PATH names, and only if it can be run', () => {
    const file = fakeBrowser();
    expect(findBrowser({ CHROMIUM_PATH: file })).toBe(file);
    expect(findBrowser({ CHROME_PATH: file })).toBe(file);
    chmodSync(file, 0o644);
    expect(findBrowser({ CHROMIUM_PATH: file })).toBeNull();
    expect(findBrowser({ CHROMIUM_PATH: path.join(path.dirname(file), 'missing') })).toBeNull();
  });

  it('a wrong CHROMIUM_PATH stops `npm test` with one line saying what to do', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-browser.ts'], {
      env: { ...process.env, CHROMIUM_PATH: '/no/such/browser', FLOWS_NO_BROWSER_INSTALL: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'npm test: CHROMIUM_PATH=/no/such/browser is not an executable browser; install Chromium or Chrome (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to its executable',
    ]);
  });
});
