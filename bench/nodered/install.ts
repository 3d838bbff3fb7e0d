import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from '../lib/progress';

export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers');
export const NODE_RED_MAIN = path.join(PEERS_DIR, 'node_modules', 'node-red', 'red.js');

/**
 * Installs the peers (Node-RED) from bench/peers' own lock file the first time: they are the
 * benchmark's, never the plugin's dependencies.
 */
export async function ensurePeersInstalled(): Promise<void> {
  if (existsSync(NODE_RED_MAIN)) return;
  progress('installing Node-RED into bench/peers (npm ci, first run only)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(npm, ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
    // npm writes its summary to stdout: stdout is kept for the one JSON object, so send it to stderr.
    child.stdout?.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm ci --prefix bench/peers failed with exit code ${code}`))));
  });
  if (!existsSync(NODE_RED_MAIN)) throw new Error(`npm ci finished but ${NODE_RED_MAIN} is missing`);
}
