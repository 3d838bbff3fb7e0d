import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { Notice, TFile, type App } from '../obsidian-stub/obsidian';

const DRAWING = 'checkpointing.excalidraw.md';
const FIRST = 'Flows/checkpointing/checkpoints/checkpoint-0001.md';

async function vaultWithCheckpoint(): Promise<{ dir: string; app: App; plugin: Awaited<ReturnType<typeof loadPlugin>>['plugin'] }> {
  const dir = await tempVault({ [DRAWING]: SEED });
  const { app, plugin } = await loadPlugin(dir);
  const c = await plugin.runViews.openController(DRAWING);
  await c.step();
  await c.checkpointNow();
  plugin.runViews.released(DRAWING);
  expect(await listFiles(dir)).toContain(FIRST);
  return { dir, app, plugin };
}

function drawing(app: App, p: string): TFile {
  const f = app.vault.getAbstractFileByPath(p);
  if (!(f instanceof TFile)) throw new Error(`no file ${p}`);
  return f;
}

describe('a drawing renamed or moved in Obsidian keeps its run folder', () => {
  it('the folder follows a rename into a nested folder, and the run resumes from its checkpoint', async () => {
    const { dir, app, plugin } = await vaultWithCheckpoint();
    await app.vault.createFolder('Archive');
    await app.vault.createFolder('Archive/Old runs');
    await app.fileManager.renameFile(drawing(app, DRAWING), 'Archive/Old runs/renamed.excalidraw.md');
    await plugin.runViews.renamesFollowed;
    const files = await listFiles(dir);
    expect(files).toContain('Flows/Archive/Old runs/renamed/checkpoints/checkpoint-0001.md');
    expect(files.filter((f) => f.startsWith('Flows/checkpointing/'))).toEqual([]);
    const c = await plugin.runViews.openController('Archive/Old runs/renamed.excalidraw.md');
    expect(c.snapshot().checkpoints.map((k) => k.id)).toEqual([1]);
    await c.run();
    expect(c.snapshot().processors[0].entries).toEqual([['A', 1], ['B', 1], ['C', 1]]);
  });

  it('follows when the folder holding the drawing is renamed', async () => {
    const dir = await tempVault({ [`Drawings/${DRAWING}`]: SEED });
    const { app, plugin } = await loadPlugin(dir);
    const c = await plugin.runViews.openController(`Drawings/${DRAWING}`);
    await c.checkpointNow();
    plugin.runViews.released(`Drawings/${DRAWING}`);
    await app.fileManager.renameFile(app.vault.getAbstractFileByPath('Drawings')!, 'Sketches');
    await plugin.runViews.renamesFollowed;
    const files = await listFiles(dir);
    expect(files).toContain('Flows/Sketches/checkpointing/checkpoints/checkpoint-0001.md');
    expect(files.filter((f) => f.startsWith('Flows/Drawings/checkpointing/'))).toEqual([]);
  });

  it('never merges: when the new place is taken, the folder stays and the user is told', async () => {
    const { dir, app, plugin } = await vaultWithCheckpoint();
    await fs.mkdir(path.join(dir, 'Flows/other'), { recursive: true });
    await app.vault.createFolder('Flows/other');
    await app.vault.create('Flows/other/mine.md', 'mine');
    await app.fileManager.renameFile(drawing(app, DRAWING), 'other.excalidraw.md');
    await plugin.runViews.renamesFollowed;
    expect(Notice.shown.at(-1)).toBe('Flows/other already exists, so the runs of other.excalidraw.md before its rename stay in Flows/checkpointing');
    expect(await listFiles(dir)).toContain(FIRST);
    expect(await listFiles(dir)).toContain('Flows/other/mine.md');
  });

  it('leaves the folder where it is while another run (the command line) holds it', async () => {
    const { dir, app, plugin } = await vaultWithCheckpoint();
    const now = new Date().toISOString();
    await app.vault.create('Flows/checkpointing/run-lock.md', ['---', 'holder: "command line (pid 4242) #abc"', `drawing: "${DRAWING}"`, `started: "${now}"`, `heartbeat: "${now}"`, 'generation: 1', '---', ''].join('\n'));
    await app.fileManager.renameFile(drawing(app, DRAWING), 'renamed.excalidraw.md');
    await plugin.runViews.renamesFollowed;
    expect(Notice.shown.at(-1)).toMatch(/^renamed\.excalidraw\.md was renamed while command line \(pid 4242\) #abc runs it: its run folder stays at Flows\/checkpointing; move it to Flows\/renamed once that run has ended$/);
    expect(await listFiles(dir)).toContain(FIRST);
  });

  it('a note that is not a drawing moves nothing', async () => {
    const { dir, app, plugin } = await vaultWithCheckpoint();
    await app.vault.create('notes.md', 'just a note');
    await app.fileManager.renameFile(drawing(app, 'notes.md'), 'checkpointing.md');
    await plugin.runViews.renamesFollowed;
    expect(await listFiles(dir)).toContain(FIRST);
  });
});
