import type { Plan } from '../../core/plan/plan';
import type { RunSnapshot } from '../run/run-model';
import { toScreen, type SceneRect, type Viewport } from './scene-transform';

/** Something travelling from one node to the next: an event, or a checkpoint's barrier. */
export interface Move {
  from: string;
  to: string;
  text: string;
  kind: 'event' | 'barrier';
}

/** Above this speed (events per second) events are not drawn travelling: they would be a blur and cost frames. */
const MAX_ANIMATED_RATE = 10;
/** At most this many travellers per snapshot (a step takes one event; a slow run a few). */
const MAX_MOVES = 3;
const TRAVEL_MS = 700;

/**
 * The events that left a queue between two snapshots, each travelling to the queue's downstream
 * processors — only when the run goes slowly enough to follow (a step, or a low speed).
 */
export function eventMoves(plan: Plan, before: RunSnapshot | null, now: RunSnapshot): Move[] {
  if (!before) return [];
  // A set speed decides; at full speed (0) only steps are slow enough, i.e. no snapshot while running.
  const slow = now.rate > 0 ? now.rate <= MAX_ANIMATED_RATE : now.status !== 'running' && before.status !== 'running';
  if (!slow) return [];
  const moves: Move[] = [];
  for (const q of now.queues) {
    const was = before.queues.find((b) => b.id === q.id);
    const taken = was ? q.offset - was.offset : 0;
    if (!was || taken <= 0 || taken > MAX_MOVES) continue;
    const node = plan.nodes.find((n) => n.id === q.id);
    for (const e of was.next.slice(0, taken)) for (const to of node?.outputs ?? []) moves.push({ from: q.id, to, text: e.key, kind: 'event' });
  }
  return moves.slice(0, MAX_MOVES * 2);
}

/** A checkpoint's barrier: from every queue along each of its edges. */
export function barrierMoves(plan: Plan): Move[] {
  return plan.nodes.filter((n) => n.role === 'source').flatMap((n) => n.outputs.map((to) => ({ from: n.id, to, text: '', kind: 'barrier' as const })));
}

/** Where the straight line between two shapes' centres leaves `r` (so a traveller starts and ends at the borders). */
function border(r: SceneRect, towards: { x: number; y: number }): { x: number; y: number } {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  const dx = towards.x - cx;
  const dy = towards.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const t = Math.min(Math.abs(dx) > 0 ? r.width / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 0 ? r.height / 2 / Math.abs(dy) : Infinity);
  return { x: cx + dx * t, y: cy + dy * t };
}

/**
 * Starts a traveller in the overlay: an element placed at the start, moved to the end by a CSS
 * transition on the next frame, removed when it arrives. Costs one element per move, no per-frame work.
 */
export function launch(root: HTMLElement, move: Move, from: SceneRect, to: SceneRect, v: Viewport): void {
  const a = toScreen(from, v);
  const b = toScreen(to, v);
  const ca = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const cb = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const start = border(a, cb);
  const end = border(b, ca);
  const el = root.createDiv({ cls: `flows-overlay-traveller flows-overlay-${move.kind}`, text: move.text });
  el.setCssProps({ '--flows-x': `${Math.round(start.x)}px`, '--flows-y': `${Math.round(start.y)}px`, '--flows-travel': `${TRAVEL_MS}ms` });
  const win = root.ownerDocument.defaultView ?? window;
  win.requestAnimationFrame(() => {
    win.requestAnimationFrame(() => {
      el.addClass('flows-overlay-travelling');
      el.setCssProps({ '--flows-x': `${Math.round(end.x)}px`, '--flows-y': `${Math.round(end.y)}px` });
    });
  });
  win.setTimeout(() => el.remove(), TRAVEL_MS + 100);
}
