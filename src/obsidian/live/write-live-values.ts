import { parseAssertion } from '../../core/graph/texts';
import type { Plan } from '../../core/plan/plan';
import type { RunSnapshot } from '../run/run-model';
import type { ExcalidrawAutomateLike, ExcalidrawElementLike } from './excalidraw-automate';

/**
 * `text` with each `KEY = NUMBER` line set to the key's live value. Keys without a value, and values
 * the reader could not read back exactly (NaN, ±Infinity), keep the number as drawn: written lines
 * must stay assertions. Every other line — a `[[link]]`, a description — is left exactly as it is.
 */
export function writeKeyLines(text: string, state: ReadonlyMap<string, number>): string {
  return text
    .split('\n')
    .map((line) => {
      const a = parseAssertion(line, '');
      const v = a ? state.get(a.key) : undefined;
      if (!a || v === undefined || !Number.isFinite(v) || Object.is(v, -0)) return line;
      // The line is an assertion (one `=`): `[^=]*` cannot trade characters with what follows, as `.*?` could.
      const m = /^([^=]*=\s*)(\S+)(\s*)$/.exec(line);
      return m ? `${m[1]}${String(v)}${m[3]}` : line;
    })
    .join('\n');
}

/**
 * Writes the live values into the drawing's `KEY = NUMBER` lines, as the Excalidraw plugin expects an
 * edit: the element's markdown (`rawText`, where links live) and its displayed text (`originalText`,
 * `text`) are edited each on its own; free texts are re-measured, and a bound text's container is
 * handed back too so the plugin refits it (its addElements calls `updateContainerSize` for
 * containers); one undoable step, saved through the view; no element is added. Returns how many texts
 * changed, or null when the drawing is not open in a loaded Excalidraw view.
 */
export async function writeLiveValues(ea: ExcalidrawAutomateLike, plan: Plan, s: RunSnapshot): Promise<number | null> {
  if (!ea.getExcalidrawAPI()) return null;
  const view = new Map(ea.getViewElements().map((e) => [e.id, e]));
  const edits: { el: ExcalidrawElementLike; raw: string; shown: string }[] = [];
  for (const node of plan.nodes) {
    if (node.role !== 'processor') continue;
    const state = new Map(s.processors.find((p) => p.id === node.id)?.entries ?? []);
    for (const id of new Set(node.assertions.map((a) => a.elementId))) {
      const el = view.get(id);
      if (!el || el.type !== 'text') continue;
      const shownBefore = el.originalText ?? el.text ?? '';
      const rawBefore = el.rawText ?? shownBefore;
      const shown = writeKeyLines(shownBefore, state);
      const raw = writeKeyLines(rawBefore, state);
      if (shown !== shownBefore || raw !== rawBefore) edits.push({ el, raw, shown });
    }
  }
  if (edits.length === 0) return 0;
  const containers = edits.map((e) => (e.el.containerId ? view.get(e.el.containerId) : undefined)).filter((c): c is ExcalidrawElementLike => c !== undefined);
  ea.copyViewElementsToEAforEditing([...edits.map((e) => e.el), ...containers]);
  for (const { el, raw, shown } of edits) {
    const own = ea.getElement(el.id);
    if (!own) continue;
    own.rawText = raw;
    own.originalText = shown;
    own.text = shown;
    if (!el.containerId) ea.refreshTextElementSize(el.id);
  }
  // save=true: the view writes the file itself; "IMMEDIATELY": one step the user can undo.
  await ea.addElementsToView(false, true, false, false, 'IMMEDIATELY');
  return edits.length;
}
