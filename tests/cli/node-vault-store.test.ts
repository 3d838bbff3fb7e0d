import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';

/** Records which paths were fsynced through fs.promises.open's handles (what the store calls). */
function watchSyncs(): string[] {
  const synced: string[] = [];
  const open = fs.open.bind(fs);
  vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
    const handle = await open(...args);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      synced.push(String(args[0]));
    };
    return handle;
  });
  return synced;
}

// README: checkpoint, sink and queue writes are durable; that is these fsyncs.
describe('NodeVaultStore durability', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an atomic write fsyncs the file before the rename and the folder after it; an append fsyncs the file', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-sync-'));
    try {
      const store = new NodeVaultStore(root);
      const synced = watchSyncs();
      await store.writeAtomic('Flows/a/note.md', 'one\n');
      const folder = path.join(root, 'Flows', 'a');
      expect(synced).toHaveLength(2);
      expect(synced[0]).toMatch(/note\.md\.flows-\d+\.tmp$/);
      expect(synced[1]).toBe(folder);
      synced.length = 0;
      await store.append('Flows/a/note.md', 'two\n');
      expect(synced).toEqual([path.join(folder, 'note.md')]);
      synced.length = 0;
      expect(await store.createExclusive('Flows/a/lock.md', 'held\n')).toBe(true);
      expect(synced.at(-1)).toBe(folder);
      expect(await store.read('Flows/a/note.md')).toBe('one\ntwo\n');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('NodeVaultStore.writeAtomicAll', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fsyncs every file before the first rename, renames in order, and fsyncs each folder once after', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-all-'));
    try {
      const store = new NodeVaultStore(root);
      const events: string[] = [];
      const synced = watchSyncs();
      const rename = fs.rename.bind(fs);
      vi.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
        events.push(`synced ${synced.length} before rename ${path.basename(String(to))}`);
        await rename(from, to);
      });
      await store.writeAtomicAll([
        { path: 'Flows/a/.data/d1.md', text: 'one' },
        { path: 'Flows/a/d2.md', text: 'two' },
        { path: 'Flows/a/note.md', text: 'note' },
      ]);
      expect(events).toEqual(['synced 3 before rename d1.md', 'synced 3 before rename d2.md', 'synced 3 before rename note.md']);
      expect(synced.slice(3).sort()).toEqual([path.join(root, 'Flows', 'a'), path.join(root, 'Flows', 'a', '.data')].sort());
      expect(await store.read('Flows/a/note.md')).toBe('note');
      expect(await store.read('Flows/a/.data/d1.md')).toBe('one');
      expect((await fs.readdir(path.join(root, 'Flows', 'a'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('publishes none of the files when one cannot be written, and leaves no temporary file', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-all-'));
    try {
      const store = new NodeVaultStore(root);
      await store.writeAtomic('Flows/a/note.md', 'old note');
      const open = fs.open.bind(fs);
      vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
        if (String(args[0]).includes('d2.md')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', path: String(args[0]) });
        return open(...args);
      });
      await expect(store.writeAtomicAll([
        { path: 'Flows/a/d1.md', text: 'one' },
        { path: 'Flows/a/d2.md', text: 'two' },
        { path: 'Flows/a/note.md', text: 'new note' },
      ])).rejects.toThrow(/ENOSPC/);
      expect((await fs.readdir(path.join(root, 'Flows', 'a'))).sort()).toEqual(['note.md']);
      expect(await store.read('Flows/a/note.md')).toBe('old note');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('refuses a batch with a file under a link out of the vault before writing any', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-all-'));
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'outside-'));
    try {
      await fs.mkdir(path.join(root, 'Flows', 'a'), { recursive: true });
      await fs.symlink(outside, path.join(root, 'Flows', 'a', 'out'));
      const store = new NodeVaultStore(root);
      await expect(store.writeAtomicAll([
        { path: 'Flows/a/d1.md', text: 'one' },
        { path: 'Flows/a/out/d2.md', text: 'two' },
      ])).rejects.toThrow(/outside the vault/);
      expect(await fs.readdir(path.join(root, 'Flows', 'a'))).toEqual(['out']);
      expect(await fs.readdir(outside)).toEqual([]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});

describe('NodeVaultStore.read', () => {
  it('decodes a file as readFile(p, "utf8") does: a BOM, characters across 64 KiB chunk edges, invalid bytes', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-read-'));
    try {
      const store = new NodeVaultStore(root);
      // Four-byte characters at every offset modulo 4, so some straddle any chunk boundary the
      // streaming decoder uses; stray continuation and truncated lead bytes between them.
      const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
      for (let i = 0; i < 200_000; i++) parts.push(Buffer.from(i % 97 === 0 ? [0x80, 0x41] : i % 89 === 0 ? [0xf0, 0x9f, 0x41] : [0x61 + (i % 3)]), Buffer.from('𝄞é'));
      const bytes = Buffer.concat(parts);
      await fs.writeFile(path.join(root, 'big.md'), bytes);
      const text = await store.read('big.md');
      expect(text).toBe(await fs.readFile(path.join(root, 'big.md'), 'utf8'));
      expect(text?.charCodeAt(0)).toBe(0xfeff);
      expect(text).toContain('\ufffd');
      expect(await store.read('missing.md')).toBeNull();
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
