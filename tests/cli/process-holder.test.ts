import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { commandLineHolder, commandLineHolderIsGone } from '../../src/cli/process-holder';

describe('telling whether a run lock holder is gone', () => {
  it('a command-line run on this machine whose process has exited is gone', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    expect(commandLineHolderIsGone(`command line (pid ${deadPid} on ${os.hostname()}) #abc123`)).toBe(true);
  });

  it('a live process, another machine, or Obsidian is not known to be gone', () => {
    expect(commandLineHolderIsGone(`${commandLineHolder()} #abc123`)).toBe(false);
    expect(commandLineHolderIsGone(`command line (pid ${process.ppid} on ${os.hostname()}) #abc123`)).toBe(false);
    expect(commandLineHolderIsGone('command line (pid 999999 on another-machine) #abc123')).toBe(false);
    expect(commandLineHolderIsGone('Obsidian (run view) #abc123')).toBe(false);
    expect(commandLineHolderIsGone('command line (pid 4242) #abc123')).toBe(false);
  });
});
