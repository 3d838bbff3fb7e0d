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

/**
 * A plain `.excalidraw` file (an excalidraw.com export) opens in compatibility mode: the file is the scene's JSON
 * (ExcalidrawView.ts ~2528-2537 → loadLegacyData) and is saved back as `JSON.stringify(scene, null, "\t")` (~1130).
 */
export function isCompatibilityMode(path: string): boolean {
  return path.endsWith('.excalidraw');
}

export function parseDrawingFile(path: string, text: string): DrawingNote {
  if (!isCompatibilityMode(path)) return parseDrawingNote(text);
  const scene = JSON.parse(text) as DrawingNote['scene'];
  scene.appState ??= {};
  scene.files ??= {};
  return { header: '', scene };
}

export function generateDrawingFile(path: string, note: DrawingNote): string {
  return isCompatibilityMode(path) ? JSON.stringify(note.scene, null, '\t') : generateDrawingNote(note);
}

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
 * Ids longer than 8 characters become random 8-character ids, on load and on save, for every text and for every
 * other element that has a link (ExcalidrawData.ts 1034-1057 findNewElementLinksInScene, 1064-1100
 * findNewTextElementsInScene; both run in loadData ~922, loadLegacyData ~957, syncElements ~1764 and updateScene
 * ~1778). updateElementIdsInScene (src/utils/excalidrawSceneUtils.ts 8-66) then points the container's
 * `boundElements`, a renamed container's bound text (`containerId`), arrows bound to it and a frame's children
 * (`frameId`) at the new id. Returns whether anything changed.
 */
export function renameLongTextIds(elements: ForkElement[]): boolean {
  let changed = false;
  // Texts first, then linked elements, as the plugin's load does (loadData ~922-923).
  const renamable = [...elements.filter((e) => e.type === 'text'), ...elements.filter((e) => e.type !== 'text' && e.link)];
  for (const te of renamable) {
    if (te.id.length <= 8) continue;
    const old = te.id;
    const id = nanoid8();
    te.id = id;
    changed = true;
    for (const el of elements) {
      if (el.boundElements) el.boundElements = el.boundElements.map((b) => (b.id === old ? { ...b, id } : b));
      if (el.containerId === old) el.containerId = id;
      if (el.frameId === old) el.frameId = id;
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
