import os from 'node:os';

/** How the command line names itself in a run lock: the pid and the machine, so a later run can check it. */
export function commandLineHolder(): string {
  return `command line (pid ${process.pid} on ${os.hostname()})`;
}

/**
 * True only when the lock names a command-line run on this machine whose process no longer
 * exists (killed, crashed): its lock can be taken over at once. Anything else (Obsidian,
 * another machine, a live or unknown process) waits for the heartbeat to go stale.
 */
export function commandLineHolderIsGone(holder: string): boolean {
  const m = /^command line \(pid (\d+) on (.+)\)( #\S+)?$/.exec(holder);
  if (!m || m[2] !== os.hostname()) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
