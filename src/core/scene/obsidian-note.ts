import LZString from 'lz-string';
import { drawingError } from './drawing-error';

/** True when a Markdown file is an Obsidian Excalidraw drawing (frontmatter key `excalidraw-plugin`). */
export function isExcalidrawNote(text: string): boolean {
  const fm = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return fm !== null && /^excalidraw-plugin[ \t]*:/m.test(fm[1]);
}

/** `# Drawing` (before plugin 2.2.0) or `## Drawing` (after), on a line of its own. */
export const DRAWING_HEADING = /^#{1,2} Drawing[ \t]*\r?$/gm;

/**
 * Extracts the scene JSON text from an Obsidian Excalidraw note. The plugin has written three
 * layouts over the years; the robust rule (see shared notes) is: the last `# Drawing` or
 * `## Drawing` heading, then the first ```json / ```compressed-json fence after it, or, for
 * 2021 files, unfenced JSON right after the heading.
 */
export function extractSceneJson(text: string, file: string): string {
  const headings = [...text.matchAll(DRAWING_HEADING)];
  const last = headings.at(-1);
  if (!last || last.index === undefined) {
    throw drawingError(file, 'no-drawing-section', 'no "# Drawing" or "## Drawing" section found; open the file in Excalidraw once so the plugin writes it, or restore it from a backup');
  }
  const after = text.slice(last.index + last[0].length);
  const fence = /^```(json|compressed-json)[ \t]*\r?\n([\s\S]*?)^```/m.exec(after);
  if (fence) {
    if (fence[1] === 'json') return fence[2];
    return decompressBlock(fence[2], file);
  }
  if (/^```(json|compressed-json)/m.test(after)) {
    throw drawingError(file, 'truncated-drawing', 'the drawing block has no closing ``` (the file was cut short); restore the file from a backup or sync conflict copy');
  }
  // Very old files (2021): unfenced JSON up to the closing %%, with `[` sometimes written as `&#91;`.
  const start = after.indexOf('{');
  if (start < 0) throw drawingError(file, 'no-drawing-section', 'the "# Drawing" section holds no drawing data; restore the file from a backup');
  const close = after.indexOf('\n%%', start);
  const body = close < 0 ? after.slice(start) : after.slice(start, close);
  return body.slice(0, body.lastIndexOf('}') + 1).replace(/&#91;/g, '[');
}

function decompressBlock(block: string, file: string): string {
  const base64 = block.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/=]*$/.test(base64)) {
    throw drawingError(file, 'corrupt-drawing', 'the compressed-json drawing block holds characters that are not base64 (edited by hand?); undo the edit or restore the file');
  }
  let json: string | null = null;
  try {
    json = LZString.decompressFromBase64(base64);
  } catch {
    json = null;
  }
  if (!json) {
    throw drawingError(file, 'corrupt-drawing', 'the compressed-json drawing block could not be decompressed (truncated or corrupt); restore the file from a backup');
  }
  return json;
}
