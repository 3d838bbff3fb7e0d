import { parseAssertion } from '../../core/graph/texts';
import type { Plan } from '../../core/plan/plan';
import type { RunSnapshot } from '../run/run-model';
import type { SceneRect } from './scene-transform';
import { windowLines } from './window-labels';

/**
 * What the overlay shows, as data: labels anchored at an element of the drawing (or at a scene
 * rectangle), computed from the plan and a run snapshot. Nothing here touches the DOM or the scene,
 * so any producer — the run, or an "as understood" annotation of the drawing — can feed the overlay.
 */
export type LabelTone = 'plain' | 'changed' | 'ok' | 'failed' | 'checkpoint' | 'crashed' | 'error' | 'warning' | 'info';

export interface LabelLine {
  text: string;
  tone: LabelTone;
}

export type LabelAnchor =
  /** An element of the scene, followed as it moves; `band` picks line `index` of `count` (a text's line). */
  | { elementId: string; band?: { index: number; count: number } }
  | { rect: SceneRect };

export interface OverlayLabel {
  /** Stable across frames: the DOM node of a label is kept and only its text or place updated. */
  key: string;
  anchor: LabelAnchor;
  side: 'right' | 'above' | 'below';
  /** CSS modifier: `value`, `queue`, `extra`, `windows`, `checkpoint`, `understood`, `diagnostic`, `annotation`. */
  kind: string;
  lines: LabelLine[];
}

/** The live value as shown: integers as is, others to 6 significant digits, `—` while unknown. */
export function formatLiveValue(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** The displayed text of an element, as the overlay needs it to find a text's `KEY = NUMBER` lines. */
export type TextOf = (elementId: string) => string | undefined;

/**
 * Labels for one moment of a run: each processor's live value beside every `KEY = NUMBER` line
 * (changed since `before` highlighted; once drained, failing assertions marked), keys the drawing does
 * not assert below the processor, and each queue's position and next events above it.
 */
export function runLabels(plan: Plan, now: RunSnapshot, before: RunSnapshot | null, textOf: TextOf): OverlayLabel[] {
  const out: OverlayLabel[] = [];
  const settled = now.status === 'drained';
  for (const node of plan.nodes) {
    if (node.role !== 'processor') continue;
    const state = new Map(now.processors.find((p) => p.id === node.id)?.entries ?? []);
    const previous = new Map(before?.processors.find((p) => p.id === node.id)?.entries ?? []);
    const asserted = new Set<string>();
    for (const elementId of new Set(node.assertions.map((a) => a.elementId))) {
      const lines = (textOf(elementId) ?? '').split('\n');
      lines.forEach((line, index) => {
        const a = parseAssertion(line, elementId);
        if (!a) return;
        asserted.add(a.key);
        const live = state.get(a.key);
        const tone: LabelTone = settled ? (live === a.expected ? 'ok' : 'failed') : before !== null && live !== previous.get(a.key) ? 'changed' : 'plain';
        out.push({ key: `v:${elementId}:${index}`, anchor: { elementId, band: { index, count: lines.length } }, side: 'right', kind: 'value', lines: [{ text: formatLiveValue(live), tone }] });
      });
    }
    const extra = [...state].filter(([k]) => !asserted.has(k));
    const windows = now.processors.find((p) => p.id === node.id)?.windows;
    if (now.status === 'crashed') {
      out.push({ key: `x:${node.id}`, anchor: { elementId: node.id }, side: 'below', kind: 'extra', lines: [{ text: 'Crashed: state lost', tone: 'crashed' }] });
    } else if (windows) {
      // A windowed processor's state is its windows' raw cells: shown as windows and a watermark instead.
      const was = before?.processors.find((p) => p.id === node.id)?.windows;
      out.push({ key: `x:${node.id}`, anchor: { elementId: node.id }, side: 'below', kind: 'windows', lines: windowLines(windows, was) });
    } else if (extra.length > 0) {
      const shown: LabelLine[] = extra.slice(0, 8).map(([k, v]) => ({ text: `${k} = ${formatLiveValue(v)}`, tone: before !== null && v !== previous.get(k) ? 'changed' : 'plain' }));
      if (extra.length > 8) shown.push({ text: `and ${extra.length - 8} more keys`, tone: 'plain' });
      out.push({ key: `x:${node.id}`, anchor: { elementId: node.id }, side: 'below', kind: 'extra', lines: shown });
    }
  }
  for (const q of now.queues) {
    const next = q.next.slice(0, 5).map((e) => e.key).join(' ');
    const text = q.offset >= q.length ? `${q.offset}/${q.length} drained` : `${q.offset}/${q.length} next: ${next}`;
    out.push({ key: `q:${q.id}`, anchor: { elementId: q.id }, side: 'above', kind: 'queue', lines: [{ text, tone: 'plain' }] });
  }
  return out;
}

/** A badge on every queue (its offsets) and processor (its state): a checkpoint taken, or restored. */
export function badgeLabels(plan: Plan, text: string): OverlayLabel[] {
  return plan.nodes
    .filter((n) => n.role === 'source' || n.role === 'processor')
    .map((n) => ({ key: `c:${n.id}`, anchor: { elementId: n.id }, side: 'right' as const, kind: 'checkpoint', lines: [{ text, tone: 'checkpoint' as const }] }));
}

/** A checkpoint as it is taken. */
export function checkpointLabels(plan: Plan, id: number, kind: string): OverlayLabel[] {
  return badgeLabels(plan, `Checkpoint ${id}${kind === 'full' ? '' : ` (${kind})`}`);
}
