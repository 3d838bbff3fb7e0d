import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { isOwnTempFile } from '../../src/core/paths';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

const outside = (): Promise<string> => fs.mkdtemp(path.join(os.tmpdir(), 'flows-outside-'));

describe('a flows folder that is a symlink out of the vault (real CLI, real links)', () => {
  it('writes nothing through it and deletes nothing there, foreign .tmp files included: one line, exit 1', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const away = await outside();
    await fs.writeFile(path.join(away, 'foreign.tmp'), 'someone else');
    await fs.writeFile(path.join(away, 'checkpoint-0009.md.flows-1.tmp'), 'looks like ours, but lives outside');
    await fs.mkdir(path.join(dir, 'Flows/checkpointing'), { recursive: true });
    await fs.symlink(away, path.join(dir, 'Flows/checkpointing/checkpoints'));
    const r = await runFlows(['run', 'checkpointing.excalidraw.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Flows\/checkpointing\/checkpoints is a link to .*, outside the vault/);
    expect((await fs.readdir(away)).sort()).toEqual(['checkpoint-0009.md.flows-1.tmp', 'foreign.tmp']);
  });

  it('refuses each kind of write through a linked folder or a linked note, and still reads through links', async () => {
    const dir = await tempVault();
    const away = await outside();
    await fs.writeFile(path.join(away, 'note.md'), 'outside\n');
    await fs.symlink(away, path.join(dir, 'linked'));
    await fs.symlink(path.join(away, 'note.md'), path.join(dir, 'note.md'));
    const store = new NodeVaultStore(dir);
    await expect(store.writeAtomic('linked/deeper/new.md', 'x')).rejects.toThrow(/linked is a link to .*outside the vault/);
    await expect(store.append('note.md', 'x')).rejects.toThrow(/outside the vault/);
    await expect(store.remove('linked/note.md')).rejects.toThrow(/outside the vault/);
    await expect(store.createExclusive('linked/lock.md', 'x')).rejects.toThrow(/outside the vault/);
    expect(await store.read('linked/note.md')).toBe('outside\n');
    expect(await fs.readdir(away)).toEqual(['note.md']);
    expect(await fs.readFile(path.join(away, 'note.md'), 'utf8')).toBe('outside\n');
    // A vault that is itself reached through a link is fine: only leaving it is refused.
    const viaLink = path.join(await outside(), 'vault');
    await fs.symlink(dir, viaLink);
    await new NodeVaultStore(viaLink).writeAtomic('Flows/x.md', 'ok');
    expect(await listFiles(dir)).toContain('Flows/x.md');
  });
});

describe('only the tool\'s own temporary files are removed', () => {
  it.each([
    ['checkpoint-0002.md.flows-4242.tmp', true],
    ['run-lock.md.flows-4242-k3j2hq.tmp', true],
    ['checkpoint-0002.md.4242.tmp', true],
    ['storage.md.tmp', true],
    ['foreign.tmp', false],
    ['backup.tmp', false],
    ['notes.txt.tmp', false],
    ['storage.md.tmp.bak', false],
  ])('%s → %s', (name, ours) => {
    expect(isOwnTempFile(`Flows/flow/checkpoints/${name}`)).toBe(ours);
  });
});
