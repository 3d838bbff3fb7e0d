import { commands } from 'vitest/browser';
import type { FileBackend } from './file-backend';

declare module 'vitest/browser' {
  interface BrowserCommands {
    vaultMkdtemp: (prefix: string) => Promise<string>;
    vaultMkdir: (path: string) => Promise<void>;
    vaultRename: (from: string, to: string) => Promise<void>;
    vaultRemove: (path: string) => Promise<void>;
    vaultReaddir: (root: string) => Promise<{ path: string; folder: boolean }[]>;
    repoCopy: (from: string, to: string) => Promise<void>;
  }
}

/**
 * The stand-in vault in the browser: a real temporary folder on the machine running Vitest,
 * reached through its server commands (see server-commands.ts), so the plugin's writes can be
 * checked on disk exactly as in the Node tests.
 */
export class BrowserFileBackend implements FileBackend {
  constructor(readonly root: string) {}

  static async temporary(prefix = 'vault-'): Promise<BrowserFileBackend> {
    return new BrowserFileBackend(await commands.vaultMkdtemp(prefix));
  }

  private abs(p: string): string {
    return `${this.root}/${p}`;
  }

  read(p: string): Promise<string> {
    return commands.readFile(this.abs(p));
  }

  write(p: string, text: string): Promise<void> {
    return commands.writeFile(this.abs(p), text);
  }

  /** The page cannot append through Vitest's file commands: read and write back (same result on disk). */
  async append(p: string, text: string): Promise<void> {
    let old = '';
    try {
      old = await this.read(p);
    } catch {
      old = '';
    }
    await this.write(p, old + text);
  }

  rename(from: string, to: string): Promise<void> {
    return commands.vaultRename(this.abs(from), this.abs(to));
  }

  remove(p: string): Promise<void> {
    return commands.vaultRemove(this.abs(p));
  }

  mkdir(p: string): Promise<void> {
    return commands.vaultMkdir(this.abs(p));
  }

  scan(): Promise<{ path: string; folder: boolean }[]> {
    return commands.vaultReaddir(this.root);
  }

  /** Copies a repository file (a fixture) into the vault. */
  async copyIn(repoPath: string, vaultPath: string): Promise<void> {
    await this.write(vaultPath, await commands.readFile(repoPath));
  }
}
