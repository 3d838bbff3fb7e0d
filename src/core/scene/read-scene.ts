import { FlowInputError, type Diagnostic } from '../diagnostics';
import { canvasToElements } from './canvas';
import { normaliseElements } from './normalise-elements';
import { extractSceneJson, isExcalidrawNote } from './obsidian-note';
import type { Scene, SceneFormat } from './scene';

export interface ReadSceneResult {
  scene: Scene;
  diagnostics: Diagnostic[];
}

/** Which reader a file needs, judged by its name and, for Markdown, its frontmatter. */
export function detectFormat(file: string, text: string): SceneFormat | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.canvas')) return 'canvas';
  if (lower.endsWith('.excalidraw') || lower.endsWith('.json')) return 'excalidraw';
  if (lower.endsWith('.md')) return isExcalidrawNote(text) || /^#{1,2} Drawing[ \t]*$/m.test(text) ? 'excalidraw-md' : null;
  return null;
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new FlowInputError(`${file}: the ${what} is not valid JSON (${detail})`, file);
  }
}

/**
 * file text → Scene. Throws FlowInputError (one clear line naming the file) when the file is
 * not a drawing at all; element-level problems become diagnostics so the rest still reads.
 */
export function readScene(file: string, text: string): ReadSceneResult {
  const format = detectFormat(file, text);
  if (!format) {
    throw new FlowInputError(`${file}: not a drawing (expected .excalidraw.md, .excalidraw or .canvas, or a note with "excalidraw-plugin" frontmatter)`, file);
  }
  if (format === 'canvas') {
    const doc = parseJson(text, file, 'canvas file');
    if (!doc || typeof doc !== 'object') throw new FlowInputError(`${file}: the canvas file holds no object`, file);
    return { scene: { file, format, elements: canvasToElements(doc) }, diagnostics: [] };
  }
  const json = format === 'excalidraw-md' ? extractSceneJson(text, file) : text;
  const doc = parseJson(json, file, 'drawing data');
  const rawElements = doc && typeof doc === 'object' ? (doc as { elements?: unknown }).elements : undefined;
  if (!Array.isArray(rawElements)) {
    throw new FlowInputError(`${file}: the drawing data has no "elements" list`, file);
  }
  const { elements, problems } = normaliseElements(rawElements);
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    severity: 'warning', code: 'bad-element', message: `${p.message}; it was skipped`, file, elementId: p.elementId,
  }));
  return { scene: { file, format, elements }, diagnostics };
}
