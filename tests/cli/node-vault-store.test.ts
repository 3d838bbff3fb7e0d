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
