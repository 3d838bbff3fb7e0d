import type { App, TFile } from 'obsidian';

/** True for files the reader understands: Excalidraw notes, .excalidraw and .canvas files. */
export function isDrawingFile(app: App, file: TFile | null): file is TFile {
  if (!file) return false;
  if (file.extension === 'excalidraw' || file.extension === 'canvas') return true;
  if (file.extension !== 'md') return false;
  if (file.name.endsWith('.excalidraw.md')) return true;
  const fm = app.metadataCache.getFileCache(file)?.frontmatter;
  return fm !== undefined && 'excalidraw-plugin' in fm;
}
