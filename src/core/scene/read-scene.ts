import type { Diagnostic } from '../diagnostics';
import { canvasToElements } from './canvas';
import { drawingError } from './drawing-error';
import { normaliseElements } from './normalise-elements';
import { DRAWING_HEADING, extractSceneJson, isExcalidrawNote } from './obsidian-note';
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
  if (lower.endsWith('.md')) {
    if (isExcalidrawNote(text)) return 'excalidraw-md';
    // A `*.excalidraw.md` whose frontmatter was lost still has its drawing section.
    DRAWING_HEADING.lastIndex = 0;
    return lower.endsWith('.excalidraw.md') || DRAWING_HEADING.test(text) ? 'excalidraw-md' : null;
  }
  return null;
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // JSON.parse quotes the bad text, line breaks included: keep the message on one short line.
    const raw = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    const detail = raw.length > 120 ? `${raw.slice(0, 117)}...` : raw;
    throw drawingError(file, 'bad-json', `the ${what} is not valid JSON (${detail}); it is truncated or was edited by hand: restore the file from a backup`);
  }
}

/**
 * file text → Scene. Throws FlowInputError (one clear line naming the file, plus the same
 * problem as a diagnostic) when the file is not a readable drawing; element-level problems
 * become diagnostics so the rest still reads.
 */
export function readScene(file: string, text: string): ReadSceneResult {
  const format = detectFormat(file, text);
  if (!format) {
    throw drawingError(file, 'not-a-drawing', 'not a drawing (expected .excalidraw.md, .excalidraw or .canvas, or a note with "excalidraw-plugin" frontmatter)');
  }
  if (format === 'canvas') {
    const doc = parseJson(text, file, 'canvas file');
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw drawingError(file, 'no-elements', 'the canvas file holds no {"nodes", "edges"} object');
    return { scene: { file, format, elements: canvasToElements(doc) }, diagnostics: [] };
  }
  const json = format === 'excalidraw-md' ? extractSceneJson(text, file) : text.replace(/^\uFEFF/, '');
  const doc = parseJson(json, file, 'drawing data');
  const rawElements = doc && typeof doc === 'object' ? (doc as { elements?: unknown }).elements : undefined;
  if (!Array.isArray(rawElements)) {
    throw drawingError(file, 'no-elements', 'the drawing data has no "elements" list; is this an Excalidraw file?');
  }
  const { elements, problems } = normaliseElements(rawElements);
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    severity: 'warning', code: 'bad-element', message: `${p.message}; it was skipped (delete it in Excalidraw or fix the file)`, file, elementId: p.elementId,
  }));
  return { scene: { file, format, elements }, diagnostics };
}
