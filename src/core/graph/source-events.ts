import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { NodeTexts } from './attach-texts';
import type { EventSpec } from './flow-graph';
import type { Point } from './geometry';
import { normaliseSpaces, parseEventToken } from './texts';

interface PlacedEvent extends EventSpec {
  at: Point;
  /** Document order, the final tie-break so equal distances stay deterministic. */
  seq: number;
}

/**
 * Reads a queue's texts into its name and its events. Events are consumed nearest-first to the
 * point where the queue's outgoing edge leaves it, as a person reads a queue drawn
 * `C B A ──▶`. Each token's position is estimated inside its text by its character offset.
 */
export function orderSourceEvents(file: string, shape: SceneElement, texts: NodeTexts, exit: Point): { name?: string; events: EventSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const placed: PlacedEvent[] = [];
  let name: string | undefined;
  let seq = 0;

  const all = [...texts.bound, ...texts.inside];
  // A lone single-word bound text is the queue's name ("orders"), not one event.
  const loneLabel = !texts.title && texts.inside.length === 0 && texts.bound.length === 1 && !/\s/.test((texts.bound[0].text ?? '').trim()) && !/[:=]/.test(texts.bound[0].text ?? '');
  if (loneLabel) return { name: normaliseSpaces(texts.bound[0].text ?? ''), events: [], diagnostics };

  for (const t of all) {
    const lines = (t.text ?? '').split('\n');
    const lineHeight = t.height / Math.max(lines.length, 1);
    lines.forEach((line, li) => {
      const compact = line.replace(/\s*([:=])\s*/g, '$1');
      const tokens = [...compact.matchAll(/[^\s,;]+/g)];
      const parsed = tokens.map((m) => parseEventToken(m[0]));
      if (tokens.length === 0) return;
      if (parsed.some((p) => p === null)) {
        // The first line of a bound label that is not a list of events names the queue.
        if (!name && t === texts.bound[0] && li === 0 && !texts.title) {
          name = normaliseSpaces(line);
          return;
        }
        diagnostics.push({ severity: 'warning', code: 'not-an-event', file, elementId: t.id, message: `text "${normaliseSpaces(line)}" in queue ${shape.id} is not a list of events (write KEY or KEY:NUMBER); it is ignored` });
        return;
      }
      tokens.forEach((m, i) => {
        const frac = ((m.index ?? 0) + m[0].length / 2) / Math.max(compact.length, 1);
        placed.push({ ...parsed[i]!, at: { x: t.x + t.width * frac, y: t.y + lineHeight * (li + 0.5) }, seq: seq++ });
      });
    });
  }
  placed.sort((a, b) => dist(a.at, exit) - dist(b.at, exit) || a.seq - b.seq);
  return { name, events: placed.map(({ key, value }) => ({ key, value })), diagnostics };
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
