import type { VaultStore } from '../../src/core/ports';
import { withLfLineEnds } from '../../src/core/text/line-ends';

/**
 * A vault held in a Map, for tests that run thousands of sessions or reads (property tests,
 * fuzzing), where the disk would only slow them down. Everything else uses a real temp folder.
 */
export class MemoryStore implements VaultStore {
  constructor(readonly files = new Map<string, string>()) {}

  /** A copy to try something on (e.g. restoring each checkpoint) without touching this one. */
  clone(): MemoryStore {
    return new MemoryStore(new Map(this.files));
  }
  read(path: string): Promise<string | null> {
    // As the hosts' stores read (text/line-ends.ts).
    const text = this.files.get(path);
    return Promise.resolve(text === undefined ? null : withLfLineEnds(text));
  }
  writeAtomic(path: string, text: string): Promise<void> {
    this.files.set(path, text);
    return Promise.resolve();
  }
  append(path: string, text: string): Promise<void> {
    this.files.set(path, (this.files.get(path) ?? '') + text);
    return Promise.resolve();
  }
  remove(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }
  list(folder: string): Promise<string[]> {
    const prefix = folder ? `${folder}/` : '';
    return Promise.resolve([...this.files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).sort());
  }
  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.files.has(path));
  }
  createExclusive(path: string, text: string): Promise<boolean> {
    if (this.files.has(path)) return Promise.resolve(false);
    this.files.set(path, text);
    return Promise.resolve(true);
  }
}
