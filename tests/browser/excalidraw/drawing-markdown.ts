import LZString from 'lz-string';
import type { ForkElement } from './excalidraw-fork';

/**
 * How the Excalidraw plugin reads and writes a drawing note, reduced to what the fake view needs.
 * Source: zsviczian/obsidian-excalidraw-plugin @36a32940bac50fd60fb379b18a9f38668f941108,
 * src/shared/ExcalidrawData.ts.
 */

export interface DrawingNote {
  /** Everything before the data section (frontmatter, the "switch to Excalidraw view" banner): kept as is. */
  header: string;
  scene: { type: string; version: number; source: string; elements: ForkElement[]; appState: Record<string, unknown>; files: Record<string, unknown> };
}

const DATA_START = /^(%%\n*)?#{1,2} (Excalidraw Data|Text Elements)\s*$/m;

export function parseDrawingNote(text: string): DrawingNote {
  const at = text.search(DATA_START);
  const header = at >= 0 ? text.slice(0, at) : text;
  const drawing = text.slice(Math.max(text.lastIndexOf('# Drawing'), 0));
  const json = /```json\r?\n([\s\S]*?)\r?\n```/.exec(drawing);
  const packed = /```compressed-json\r?\n([\s\S]*?)```/.exec(drawing);
  const raw = json ? json[1] : LZString.decompressFromBase64(packed![1].replace(/[\r\n]/g, ''));
  const scene = JSON.parse(raw) as DrawingNote['scene'];
  scene.appState ??= {};
  scene.files ??= {};
  return { header, scene };
}

/** A fresh id as the plugin makes one (`nanoid()` of 8 characters from a block-reference-safe alphabet). */
function nanoid8(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 8; i++) s += abc[Math.floor(Math.random() * abc.length)];
  return s;
}

/**
 * Text ids longer than 8 characters become random 8-character ids, on load and on save
 * (ExcalidrawData.ts ~1050-1089, findNewTextElementsInScene / updateElementIdsInScene): the text's own id,
 * its container's `boundElements` entry and bindings pointing at it. Returns whether anything changed.
 */
export function renameLongTextIds(elements: ForkElement[]): boolean {
  let changed = false;
  for (const te of elements) {
    if (te.type !== 'text' || te.id.length <= 8) continue;
    const old = te.id;
    const id = nanoid8();
    te.id = id;
    changed = true;
    for (const el of elements) {
      if (el.boundElements) el.boundElements = el.boundElements.map((b) => (b.id === old ? { ...b, id } : b));
      for (const k of ['startBinding', 'endBinding'] as const) {
        const b = el[k] as { elementId?: string } | null | undefined;
        if (b?.elementId === old) el[k] = { ...b, elementId: id };
      }
    }
  }
  return changed;
}

/**
 * The note as the plugin writes it (ExcalidrawData.ts ~1379-1500, generateMDBase + generateMDSync): the header,
 * `# Excalidraw Data` / `## Text Elements` with each text's raw markdown (`rawText`, links kept) and `^id`,
 * then `%%` and `## Drawing` with the scene as tab-indented JSON (compression off in the fake).
 */
export function generateDrawingNote(note: DrawingNote): string {
  let out = note.header + '# Excalidraw Data\n\n## Text Elements\n';
  for (const el of note.scene.elements) {
    if (el.type !== 'text' || el.isDeleted) continue;
    out += `${el.rawText ?? el.originalText ?? el.text ?? ''} ^${el.id}\n\n`;
  }
  const json = JSON.stringify(note.scene, null, '\t');
  return `${out}%%\n## Drawing\n\`\`\`json\n${json}\n\`\`\`\n%%`;
}
