import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeVaultStore } from '../../../src/cli/node-vault-store';
import { guardWrites, StorageError } from '../../../src/core/lock/write-guard';

async function vault(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'guard-batch-'));
}

describe('guardWrites over a batched write', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses the whole batch when one file is outside the flows folder, writing none', async () => {
    const root = await vault();
    try {
      const store = guardWrites(new NodeVaultStore(root), 'Flows/a');
      const err = await store.writeAtomicAll!([
        { path: 'Flows/a/d1.md', text: 'one' },
        { path: 'Notes/escaped.md', text: 'two' },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).message).toMatch(/^could not write Notes\/escaped\.md: it is outside the flows folder Flows\/a/);
      expect(await fs.readdir(root)).toEqual([]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('names the file the disk refused, not the last of the batch', async () => {
    const root = await vault();
    try {
      const open = fs.open.bind(fs);
      vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
        if (String(args[0]).includes('d2.md')) throw Object.assign(new Error(`ENOSPC: no space left on device, open '${String(args[0])}'`), { code: 'ENOSPC', path: String(args[0]) });
        return open(...args);
      });
      const store = guardWrites(new NodeVaultStore(root), 'Flows/a');
      const err = await store.writeAtomicAll!([
        { path: 'Flows/a/d1.md', text: 'one' },
        { path: 'Flows/a/d2.md', text: 'two' },
        { path: 'Flows/a/note.md', text: 'note' },
      ]).catch((e: unknown) => e);
      expect((err as StorageError).message).toMatch(/^could not write Flows\/a\/d2\.md: the disk is full \(ENOSPC\)/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('runs the fence before writing and again before the first rename', async () => {
    const root = await vault();
    try {
      let fences = 0;
      const store = guardWrites(new NodeVaultStore(root), 'Flows/a', async () => {
        fences++;
        if (fences === 2) throw new Error('the run lock was taken over');
      });
      await expect(store.writeAtomicAll!([
        { path: 'Flows/a/d1.md', text: 'one' },
        { path: 'Flows/a/note.md', text: 'note' },
      ])).rejects.toThrow('the run lock was taken over');
      expect(fences).toBe(2);
      expect((await fs.readdir(path.join(root, 'Flows', 'a'))).sort()).toEqual([]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
