import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHILD_TIMEOUT_MS } from '../lib/deadline';
import { progress } from '../lib/progress';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BundleResult {
  bundle_bytes: number;
  bundle: { gzip_bytes: number };
}

/** Builds the plugin exactly as a release does (`node esbuild.config.mjs production`) and weighs main.js. */
export async function measureBundle(): Promise<BundleResult> {
  progress('bundle: node esbuild.config.mjs production');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['esbuild.config.mjs', 'production'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (c: Buffer) => void (log += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => void (log += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else if (signal === 'SIGKILL') reject(new Error(`the production build did not finish within ${CHILD_TIMEOUT_MS / 1000} s`));
      else reject(new Error(`the production build failed (exit ${code}):\n${log.slice(-2000)}`));
    });
  });
  const mainJs = path.join(REPO_ROOT, 'main.js');
  const stat = await fs.stat(mainJs);
  // A main.js older than this build would be a stale file, not the size of the code as it is now.
  if (stat.mtimeMs < started - 1000) throw new Error(`${mainJs} was not rewritten by the build`);
  const bytes = await fs.readFile(mainJs);
  return { bundle_bytes: stat.size, bundle: { gzip_bytes: gzipSync(bytes).length } };
}
