import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLockNote } from '../../src/core/lock/lock-note';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

const DRAWING = 'checkpointing.excalidraw.md';
const LOCK = 'Flows/checkpointing/run-lock.md';
const CKPT = (n: number): string => `Flows/checkpointing/checkpoints/checkpoint-000${n}.md`;
const DATA = (n: number): string => `Flows/checkpointing/checkpoints/checkpoint-000${n}.data.md`;
const STATE = { 'processing service': { A: 1, B: 1, C: 1 } };

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fs.stat(file).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${file} never appeared`);
}

describe('the command line holds the drawing while it runs', () => {
  it('refuses to start while another run holds the drawing, saying who and since when (exit 1, nothing written)', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const started = Date.now() - 5_000;
    const lock = renderLockNote({ holder: 'Obsidian #abc123', drawing: DRAWING, startedAt: started, heartbeatAt: Date.now() }, 30_000);
    await fs.mkdir(path.join(dir, path.dirname(LOCK)), { recursive: true });
    await fs.writeFile(path.join(dir, LOCK), lock);
    const r = await runFlows(['run', DRAWING, '--json'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^flows run: failed: checkpointing\\.excalidraw\\.md is already running \\(Obsidian #abc123, since ${new Date(started).toISOString().replace(/\./g, '\\.')}, last heartbeat \\d s ago\\); ` +
          'a drawing runs once at a time\\. Wait for that run to finish; if it is gone, its lock Flows/checkpointing/run-lock\\.md is taken over once the heartbeat is 30 s old, or delete that note\\.\\n$',
      ),
    );
    expect(await listFiles(dir)).toEqual([LOCK, DRAWING]);
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toBe(lock);
  });

  it('takes over the lock of a run that died (heartbeat older than 30 s), and removes it when done', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    await fs.mkdir(path.join(dir, path.dirname(LOCK)), { recursive: true });
    await fs.writeFile(path.join(dir, LOCK), renderLockNote({ holder: 'command line (pid 1) #dead00', drawing: DRAWING, startedAt: Date.now() - 120_000, heartbeatAt: Date.now() - 60_000 }, 30_000));
    const r = await runFlows(['run', DRAWING, '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { state: unknown }).state).toEqual(STATE);
    expect(await listFiles(dir)).toEqual([DATA(1), CKPT(1), DRAWING]);
  });

  it('two runs of the same drawing at once: the second is refused, the first finishes and its checkpoints are whole', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    // 3 events at 1/s: the first run lasts 3 s, long enough for a second process to start on a loaded machine (at 4/s CI saw it finish first).
    const first = runFlows(['run', DRAWING, '--rate', '1', '--checkpoint-every', '1', '--json'], dir);
    await waitFor(path.join(dir, LOCK));
    const second = await runFlows(['run', DRAWING, '--json'], dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^flows run: failed: checkpointing\.excalidraw\.md is already running \(command line \(pid \d+ on [^)]+\) #\w+, since /);
    const r = await first;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { state: unknown }).state).toEqual(STATE);
    const files = await listFiles(dir);
    expect(files).not.toContain(LOCK);
    expect(files.filter((f) => f.includes('/checkpoints/'))).toEqual([DATA(1), CKPT(1), DATA(2), CKPT(2), DATA(3), CKPT(3)]);
  });

  it('says so when the drawing is edited while it runs, and keeps the graph it started with', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const run = runFlows(['run', DRAWING, '--rate', '3', '--checkpoint-every', '1', '--json'], dir);
    await waitFor(path.join(dir, CKPT(1)));
    // Someone edits the drawing while the run is half-way.
    const text = await fs.readFile(path.join(dir, DRAWING), 'utf8');
    await fs.writeFile(path.join(dir, DRAWING), `${text}\n<!-- edited -->\n`);
    const r = await run;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('flows run: checkpointing.excalidraw.md was edited while it ran; this run used the drawing as it was when it started — run it again to use the changes\n');
    expect((JSON.parse(r.stdout) as { state: unknown }).state).toEqual(STATE);
  });
});

describe('the command line when the disk refuses a write', () => {
  it.each([
    ['ENOSPC', 'the disk is full (ENOSPC)'],
    ['EACCES', 'permission denied (EACCES)'],
  ] as const)('%s on checkpoint 2: exit 1, one line naming the file, checkpoint 1 kept, no partial file; --resume finishes', async (code, cause) => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const r = await runFlows(['run', DRAWING, '--checkpoint-every', '1', '--full-every', '1', '--json'], dir, { code, match: 'checkpoint-0002' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // The first file of checkpoint 2 is its data file (the note comes last).
    expect(r.stderr).toBe(`flows run: failed: could not write ${DATA(2)}: ${cause}; the run stopped, nothing was half-written and the last complete checkpoint is still valid\n`);
    const files = await listFiles(dir);
    expect(files.filter((f) => !f.startsWith('Flows/checkpointing/queues/'))).toEqual([DATA(1), CKPT(1), DRAWING]);

    const resumed = await runFlows(['run', DRAWING, '--resume', '--json'], dir);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as { state: unknown; restored: { id: number } };
    expect(report.restored.id).toBe(1);
    expect(report.state).toEqual(STATE);
  });
});
