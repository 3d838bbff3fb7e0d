import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../measure/bundle';

/**
 * Runs one of the bench's scripts (`bench/measure/<script>`) in a child Node with tsx: its own
 * heap, `nodeArgs` (a heap cap) if given; its stderr (progress lines) passed on; killed once
 * `timeoutMs` is up, so a child that thrashes or hangs cannot hold the benchmark. Returns the
 * JSON of the last line it printed on stdout.
 */
export async function runChildScript<T>(script: string, args: readonly string[], opts: { timeoutMs: number; nodeArgs?: readonly string[] }): Promise<T> {
  const running = promisify(execFile)(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(REPO_ROOT, 'bench', 'measure', script), ...args], {
    cwd: REPO_ROOT,
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 20,
  });
  running.child.stderr?.pipe(process.stderr);
  const { stdout } = await running;
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}
