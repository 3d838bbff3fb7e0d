import LZString from 'lz-string';
import { FlowInputError } from '../diagnostics';

/** True when a Markdown file is an Obsidian Excalidraw drawing (frontmatter key `excalidraw-plugin`). */
export function isExcalidrawNote(text: string): boolean {
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return fm !== null && /^excalidraw-plugin\s*:/m.test(fm[1]);
}

/**
 * Extracts the scene JSON text from an Obsidian Excalidraw note. The plugin has written three
 * layouts over the years; the robust rule (see shared notes) is: the last `# Drawing` or
 * `## Drawing` heading, then the first ```json / ```compressed-json fence after it, or, for
 * 2021 files, unfenced JSON right after the heading.
 */
export function extractSceneJson(text: string, file: string): string {
  const headings = [...text.matchAll(/^#{1,2} Drawing[ \t]*$/gm)];
  const last = headings.at(-1);
  if (!last || last.index === undefined) {
    throw new FlowInputError(`${file}: no "# Drawing" section found; is this an Excalidraw drawing?`, file);
  }
  const after = text.slice(last.index + last[0].length);
  const fence = /^```(json|compressed-json)[ \t]*\r?\n([\s\S]*?)^```/m.exec(after);
  if (fence) {
    if (fence[1] === 'json') return fence[2];
    return decompressBlock(fence[2], file);
  }
  const openFence = /^```(json|compressed-json)/m.exec(after);
  if (openFence) {
    throw new FlowInputError(`${file}: the drawing block is not closed (file truncated?)`, file);
  }
  // Very old files: unfenced JSON, with `[` sometimes written as `&#91;`.
  const start = after.indexOf('{');
  if (start < 0) throw new FlowInputError(`${file}: the "# Drawing" section holds no drawing data`, file);
  const end = after.lastIndexOf('}');
  return after.slice(start, end + 1).replace(/&#91;/g, '[');
}

function decompressBlock(block: string, file: string): string {
  const base64 = block.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/=]*$/.test(base64)) {
    throw new FlowInputError(`${file}: the compressed-json drawing block holds characters that are not base64 (edited by hand?)`, file);
  }
  let json: string | null = null;
  try {
    json = LZString.decompressFromBase64(base64);
  } catch {
    json = null;
  }
  if (!json) {
    throw new FlowInputError(`${file}: the compressed-json drawing block could not be decompressed (truncated or corrupt)`, file);
  }
  return json;
}
