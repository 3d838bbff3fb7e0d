// Obsidian always runs with a `window`; Node tests of the plugin get the global object as one.
(globalThis as { window?: unknown }).window ??= globalThis;

/**
 * Obsidian's window (Electron's Chromium) has a per-device localStorage, which survives a
 * restart of the app; Node 20 has none. One per test process: every App in a test is then on the
 * same device, as a restart of Obsidian is.
 */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}
const g = globalThis as { localStorage?: unknown };
if (typeof g.localStorage === 'undefined' || g.localStorage === null) g.localStorage = new MemoryStorage();
