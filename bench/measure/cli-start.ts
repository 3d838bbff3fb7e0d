import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { CHILD_TIMEOUT_MS } from '../lib/deadline';
import { progress } from '../lib/progress';
import { benchVault } from '../lib/session';
import { median, round } from '../lib/stats';
import { measureBundle, REPO_ROOT } from './bundle';

export interface CliStartResult {
  cli_start_ms: number;
  cli_start: { runs: number; min_ms: number; max_ms: number; command: string };
}

const CLI = path.join(REPO_ROOT, 'flows.mjs');

/**
 * A whole `flows run` of the seed with the prebuilt command line (`node flows.mjs`), each a fresh
 * process: what a person waits for from Enter to the prompt, start-up included.
 */
export async function measureCliStart(quick: boolean): Promise<CliStartResult> {
  // The bundle measurement builds it; alone (--only cli_start) build it here.
  if (!existsSync(CLI)) await measureBundle();
  const vault = await benchVault('cli-start');
  try {
    const drawing = path.join(vault.dir, 'checkpointing.excalidraw.md');
    await fs.copyFile(path.join(REPO_ROOT, 'examples', 'checkpointing.excalidraw.md'), drawing);
    const runs = quick ? 5 : 11;
    progress(`cli_start: ${runs} runs of node flows.mjs run`);
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      await fs.rm(path.join(vault.dir, 'Flows'), { recursive: true, force: true });
      const t0 = performance.now();
      await promisify(execFile)(process.execPath, [CLI, 'run', drawing], { cwd: vault.dir, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
      // The first run also warms the OS file cache: not counted.
      if (i > 0) times.push(performance.now() - t0);
    }
    return { cli_start_ms: round(median(times)), cli_start: { runs, min_ms: round(Math.min(...times)), max_ms: round(Math.max(...times)), command: 'node flows.mjs run checkpointing.excalidraw.md' } };
  } finally {
    await vault.remove();
  }
}
