import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress } from '../lib/progress';

export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'peers');
export const NODE_RED_MAIN = path.join(PEERS_DIR, 'node_modules', 'node-red', 'red.js');
/** Every peer package.json's dependency, checked after install (a folder installed before a peer was added lacks it). */
const PEER_MARKERS = [NODE_RED_MAIN, path.join(PEERS_DIR, 'node_modules', '@most', 'core', 'package.json'), path.join(PEERS_DIR, 'node_modules', '@most', 'scheduler', 'package.json')];

/**
 * Installs the peers (Node-RED, @most/core) from bench/peers' own lock file the first time: they are the
 * benchmark's, never the plugin's dependencies.
 */
export async function ensurePeersInstalled(): Promise<void> {
  if (PEER_MARKERS.every((f) => existsSync(f))) return;
  progress('installing the peers into bench/peers (npm ci, first run only)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(npm, ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
    // npm writes its summary to stdout: stdout is kept for the one JSON object, so send it to stderr.
    child.stdout?.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm ci --prefix bench/peers failed with exit code ${code}`))));
  });
  const missing = PEER_MARKERS.find((f) => !existsSync(f));
  if (missing) throw new Error(`npm ci finished but ${missing} is missing`);
}
