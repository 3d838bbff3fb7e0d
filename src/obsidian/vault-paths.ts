import { normalizePath, TFolder, type TAbstractFile, type Vault } from 'obsidian';

/** Paths with a segment starting with `.`: Obsidian does not index them, so they are reached through the adapter. */
export function isHiddenPath(path: string): boolean {
  return normalizePath(path).split('/').some((s) => s.startsWith('.'));
}

/**
 * `path` spelled as the vault already spells it. On a case-insensitive disk (Windows, macOS)
 * `flows/x` and `Flows/x` are one folder, and Obsidian refuses to create the second spelling
 * ("Folder already exists"); so each segment that exists with other case takes the existing
 * name, and new segments keep ours. The core never makes two names that differ only by case in
 * one folder, so on a case-sensitive disk this only reuses a folder the user made.
 */
export function existingSpelling(vault: Vault, path: string): string {
  const p = normalizePath(path);
  if (vault.getAbstractFileByPath(p)) return p;
  const out: string[] = [];
  let folder: TFolder | null = vault.getRoot();
  for (const segment of p.split('/')) {
    const lower = segment.toLowerCase();
    const child: TAbstractFile | undefined = folder?.children.find((c) => c.name === segment) ?? folder?.children.find((c) => c.name.toLowerCase() === lower);
    out.push(child ? child.name : segment);
    folder = child instanceof TFolder ? child : null;
  }
  return normalizePath(out.join('/'));
}
