import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { runFlowsProcess } from '../helpers/run-cli';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { Notice } from '../obsidian-stub/obsidian';

const COMMAND = 'excalidraw-flows:export-flow-as-flink-sql';

describe('the plugin command "Export flow as Flink SQL"', () => {
  it('writes a note next to the drawing holding the same script as flows export-flink', async () => {
    const dir = await tempVault({ 'designs/checkpointing.excalidraw.md': SEED });
    const { app, vault } = await loadPlugin(dir);
    app.workspace.activeFile = vault.getFileByPath('designs/checkpointing.excalidraw.md');
    expect(app.runCommand(COMMAND)).toBe(true);
    const note = 'designs/checkpointing (Flink SQL).md';
    await vi.waitFor(async () => expect(await listFiles(dir)).toContain(note));
    const text = await fs.readFile(path.join(dir, note), 'utf8');
    expect(text).toContain('flow: "[[designs/checkpointing.excalidraw]]"');
    const sql = /```sql\n([\s\S]*?)\n```/.exec(text)![1];
    const cli = await runFlowsProcess(['export-flink', path.join(dir, 'designs/checkpointing.excalidraw.md'), '--vault', dir, '--checkpoint-interval', '5s']);
    expect(cli.code).toBe(0);
    expect(sql).toBe(cli.stdout.trimEnd());
    expect(sql).toMatch(/GROUP BY/);
    expect(Notice.shown.at(-1)).toBe(`Flink SQL written to ${note}`);
  });

  it('is not offered outside a drawing, and writes nothing for a drawing that cannot run', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'empty.excalidraw'), JSON.stringify({ type: 'excalidraw', elements: [] }));
    await fs.writeFile(path.join(dir, 'plain.md'), '# note\n');
    const { app, vault } = await loadPlugin(dir);
    app.workspace.activeFile = vault.getFileByPath('plain.md');
    expect(app.runCommand(COMMAND)).toBe(false);
    app.workspace.activeFile = vault.getFileByPath('empty.excalidraw');
    const before = Notice.shown.length;
    expect(app.runCommand(COMMAND)).toBe(true);
    await vi.waitFor(() => expect(Notice.shown.length).toBeGreaterThan(before));
    expect(Notice.shown.at(-1)).toMatch(/empty\.excalidraw: error: the drawing has no boxes/);
    expect(await listFiles(dir)).toEqual(['empty.excalidraw', 'plain.md']);
  });
});
