import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderLockNote } from '../../src/core/lock/lock-note';
import { runAndNotify } from '../../src/obsidian/commands/run-flow-command';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { Notice } from '../obsidian-stub/obsidian';

const DRAWING = 'checkpointing.excalidraw.md';
const LOCK = 'Flows/checkpointing/run-lock.md';

describe('the plugin and the command line on the same vault', () => {
  it('the plugin refuses to run a drawing the command line is running, and says who holds it', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const started = Date.now() - 2_000;
    const lock = renderLockNote({ holder: 'command line (pid 4242) #abc123', drawing: DRAWING, startedAt: started, heartbeatAt: Date.now() }, 30_000);
    await fs.mkdir(path.join(dir, path.dirname(LOCK)), { recursive: true });
    await fs.writeFile(path.join(dir, LOCK), lock);
    const { plugin } = await loadPlugin(dir);
    expect(await runAndNotify(plugin, DRAWING)).toBeNull();
    expect(Notice.shown.at(-1)).toMatch(
      new RegExp(`^checkpointing\\.excalidraw\\.md is already running \\(command line \\(pid 4242\\) #abc123, since ${new Date(started).toISOString().replace(/\./g, '\\.')}, last heartbeat \\d s ago\\); a drawing runs once at a time\\.`),
    );
    expect(await listFiles(dir)).toEqual([LOCK, DRAWING]);
    expect(await fs.readFile(path.join(dir, LOCK), 'utf8')).toBe(lock);
  });

  it('two runs of one drawing started at once in Obsidian: one runs, the other is told why not', async () => {
    const dir = await tempVault({ [DRAWING]: SEED });
    const { plugin } = await loadPlugin(dir);
    const before = Notice.shown.length;
    const [a, b] = await Promise.all([runAndNotify(plugin, DRAWING), runAndNotify(plugin, DRAWING)]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    const told = Notice.shown.slice(before);
    expect(told.filter((n) => /^checkpointing\.excalidraw\.md is already running \((Obsidian #\w+|another run starting at the same moment), since /.test(n))).toHaveLength(1);
    expect(await listFiles(dir)).toEqual(['Flows/checkpointing/checkpoints/checkpoint-0001.data.md', 'Flows/checkpointing/checkpoints/checkpoint-0001.md', DRAWING]);
  });
});
