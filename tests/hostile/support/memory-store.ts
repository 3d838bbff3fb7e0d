import type { VaultStore } from '../../../src/core/ports';

/** A vault held in a Map: fuzzing runs thousands of reads, the disk would only slow it down. */
export class MemoryStore implements VaultStore {
  readonly files = new Map<string, string>();

  read(path: string): Promise<string | null> {
    return Promise.resolve(this.files.get(path) ?? null);
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
