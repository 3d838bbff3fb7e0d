import type { App, TFile } from 'obsidian';

/** A frontmatter value as text: Obsidian gives parsed YAML, a plain reader may give it still quoted. */
function text(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v === '') return null;
  if (v.startsWith('"')) {
    try {
      return String(JSON.parse(v));
    } catch {
      return v;
    }
  }
  return v;
}

/** The drawing a checkpoint note belongs to, or null when `file` is not a checkpoint note. */
export function checkpointNoteDrawing(app: App, file: TFile | null): string | null {
  if (!file || file.extension !== 'md') return null;
  const fm = app.metadataCache.getFileCache(file)?.frontmatter;
  if (!fm || text(fm.checkpoint) === null) return null;
  return text(fm.drawing);
}

/** Resolves `[[link]]`, a link text or a vault path written in a note to a file path. */
export function resolveNotePath(app: App, ref: string, sourcePath: string): string | null {
  const link = /^\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]$/.exec(ref.trim());
  const target = (link ? link[1] : ref).trim();
  if (!target) return null;
  if (app.vault.getFileByPath(target)) return target;
  return app.metadataCache.getFirstLinkpathDest(target, sourcePath)?.path ?? null;
}
