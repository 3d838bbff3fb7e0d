import { describe, expect, it } from 'vitest';
import { BrowserFileBackend } from '../obsidian-stub/browser-backend';
import { Vault } from '../obsidian-stub/obsidian';

describe('browser test setup', () => {
  it('backs the stand-in vault with a real temporary folder and offers Obsidian DOM helpers', async () => {
    const backend = await BrowserFileBackend.temporary();
    await backend.copyIn('tests/fixtures/seed/checkpointing.excalidraw.md', 'checkpointing.excalidraw.md');
    const vault = await Vault.open(backend);
    await vault.createFolder('a/b');
    const f = await vault.create('a/b/note.md', 'hello');
    await vault.rename(f, 'a/note.md');
    const fresh = await Vault.open(backend);
    expect(fresh.getFiles().map((x) => x.path).sort()).toEqual(['a/note.md', 'checkpointing.excalidraw.md']);
    expect(await fresh.read(fresh.getFileByPath('a/note.md')!)).toBe('hello');

    const div = document.body.createDiv({ cls: 'x y', text: 'hi' });
    div.createEl('button', { text: 'Run' });
    expect(div.className).toBe('x y');
    expect(div.querySelector('button')?.textContent).toBe('Run');
    div.empty();
    expect(div.childNodes.length).toBe(0);
    div.remove();
  });
});
