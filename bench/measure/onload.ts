import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import { progress } from '../lib/progress';
import { CHILD_TIMEOUT_MS } from '../lib/deadline';
import { benchVault, WORK_DIR } from '../lib/session';
import { median, round } from '../lib/stats';
import { REPO_ROOT } from './bundle';

export interface OnloadResult {
  onload_ms: number;
  onload: { runs: number; min_ms: number; max_ms: number };
}

/** Runs the child; a failure says why in one line (the child's error), not just "Command failed". */
async function runChild(outfile: string, vaultDir: string): Promise<string> {
  try {
    // Bounded: a child kept alive by a timer the plugin started would otherwise hang the bench.
    return (await promisify(execFile)(process.execPath, [outfile, vaultDir], { cwd: vaultDir, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' })).stdout;
  } catch (err) {
    if ((err as { killed?: boolean }).killed) throw new Error(`the onload child did not exit within ${CHILD_TIMEOUT_MS / 1000} s (a timer or handle left open by onload?)`);
    const raw = (err as { stderr?: unknown }).stderr;
    const stderr = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
    const reason = stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? stderr.trim().split('\n').pop() ?? String(err);
    throw new Error(`the plugin's onload failed against the stand-in: ${reason}`);
  }
}

/** The plugin's onload against the `obsidian` stand-in, each time in a fresh process (median of cold starts). */
export async function measureOnload(quick: boolean): Promise<OnloadResult> {
  const outfile = path.join(WORK_DIR, 'onload-child.mjs');
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'onload', 'child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    alias: { obsidian: path.join(REPO_ROOT, 'tests', 'obsidian-stub', 'obsidian.ts') },
    // The plugin never bundles Excalidraw itself (esbuild.config.mjs): keep it out here too.
    external: ['@excalidraw/excalidraw', 'electron'],
    logLevel: 'error',
  });
  const vault = await benchVault('onload');
  try {
    await fs.copyFile(path.join(REPO_ROOT, 'examples', 'checkpointing.excalidraw.md'), path.join(vault.dir, 'checkpointing.excalidraw.md'));
    const runs = quick ? 5 : 11;
    progress(`onload: ${runs} cold starts`);
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const stdout = await runChild(outfile, vault.dir);
      const ms = (JSON.parse(stdout.trim().split('\n').pop()!) as { onload_ms: number }).onload_ms;
      // The first start also warms the OS file cache for the bundle: not counted.
      if (i > 0) times.push(ms);
    }
    return { onload_ms: round(median(times)), onload: { runs, min_ms: round(Math.min(...times)), max_ms: round(Math.max(...times)) } };
  } finally {
    await vault.remove();
  }
}
