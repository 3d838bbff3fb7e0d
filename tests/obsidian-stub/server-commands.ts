import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Server-side file commands for browser tests (Vitest runs them in Node and the page calls them
 * through `commands` from 'vitest/browser'). Together with the built-in readFile/writeFile/
 * removeFile they back the stand-in's Vault with a real temporary folder. Every path must lie
 * inside a `flows-` folder under the system temp dir, so a test can never touch anything else.
 */
const VAULT_PREFIX = path.join(os.tmpdir(), 'flows-');

function inTempVault(p: string): string {
  const abs = path.resolve(p);
  if (!abs.startsWith(VAULT_PREFIX)) throw new Error(`refusing to touch ${abs}: not inside a temporary test vault`);
  return abs;
}

export const vaultCommands = {
  vaultMkdtemp: (_ctx: unknown, prefix: string): Promise<string> => fs.mkdtemp(`${VAULT_PREFIX}${prefix.replace(/[^\w-]/g, '')}`),
  vaultMkdir: async (_ctx: unknown, p: string): Promise<void> => {
    await fs.mkdir(inTempVault(p), { recursive: true });
  },
  vaultRename: (_ctx: unknown, from: string, to: string): Promise<void> => fs.rename(inTempVault(from), inTempVault(to)),
  vaultRemove: (_ctx: unknown, p: string): Promise<void> => fs.rm(inTempVault(p), { recursive: true, force: true }),
  vaultReaddir: async (_ctx: unknown, root: string): Promise<{ path: string; folder: boolean }[]> => {
    const out: { path: string; folder: boolean }[] = [];
    const walk = async (rel: string): Promise<void> => {
      for (const e of await fs.readdir(path.join(inTempVault(root), rel), { withFileTypes: true })) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        out.push({ path: p, folder: e.isDirectory() });
        if (e.isDirectory()) await walk(p);
      }
    };
    await walk('');
    return out;
  },
  /** Copies a file of the repository (fixtures, screenshots) to a path inside the repository. */
  repoCopy: async (_ctx: unknown, from: string, to: string): Promise<void> => {
    const root = process.cwd();
    const src = path.resolve(root, from);
    const dst = path.resolve(root, to);
    if (!src.startsWith(root) || !dst.startsWith(root)) throw new Error('repoCopy stays inside the repository');
    await fs.mkdir(path.dirname(dst), { recursive: true });
    await fs.copyFile(src, dst);
  },
};
