import { isOwnTempFile, joinPath } from '../paths';
import type { VaultStore } from '../ports';

/**
 * After taking the lock over from a holder that may still be alive, every note the run appends
 * to (sink and queue notes) is written again, whole, as a new file. The old holder may have
 * checked its fencing token and opened a note just before it stalled; its late append then
 * goes into the file it opened, which is no longer the note (the store opens the file before
 * its last check: NodeVaultStore.append). `store` is the new holder's fenced store.
 */
export async function reissueAppendedNotes(store: VaultStore, root: string): Promise<void> {
  for (const sub of ['sinks', 'queues']) {
    for (const f of await store.list(joinPath(root, sub))) {
      if (!f.endsWith('.md') || isOwnTempFile(f)) continue;
      const text = await store.read(f);
      if (text !== null) await store.writeAtomic(f, text);
    }
  }
}
