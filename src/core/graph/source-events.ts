import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { NodeTexts } from './attach-texts';
import type { EventSpec } from './flow-graph';
import type { Point } from './geometry';
import { parseRecordText } from '../records/record-text';
import { normaliseSpaces, parseEventToken } from './texts';

interface PlacedEvent extends EventSpec {
  at: Point;
  /** Document order, the final tie-break so equal distances stay deterministic. */
  seq: number;
}

const nonEmptyLines = (t: SceneElement): string[] => (t.text ?? '').split('\n').filter((l) => l.trim() !== '');

/** A few plain words (`orders`, `Browser Client`, `raw clicks topic`): how people name a box, not a list of events. */
function looksLikeName(line: string): boolean {
  const words = line.trim().split(/\s+/);
  const distinct = new Set(words.map((w) => w.toLowerCase()));
  return words.length <= 4 && distinct.size === words.length && words.every((w) => /^\p{L}[\p{L}'’&.()-]{2,}$/u.test(w));
}

/**
 * The queue's label, when no title names it: its bound text, else its only free text inside.
 * Its first line is the name when the label has several lines (`orders` over `C B A`) unless
 * every line is a single event (a queue drawn as a vertical stack); a one-line label that is
 * the queue's only text is its name when it reads like one (`orders`, `Browser Client`) and its
 * events otherwise (`C B A`, `click:2 view`). The seed's bound `C` beside free `B` and `A` is
 * an event. A first line that is no list of events (`raw clicks!`) also names the queue.
 */
function labelName(texts: NodeTexts): { element: SceneElement; line: string } | undefined {
  if (texts.title) return undefined;
  const label = texts.bound[0] ?? (texts.inside.length === 1 ? texts.inside[0] : undefined);
  if (!label) return undefined;
  const lines = nonEmptyLines(label);
  if (lines.length === 0) return undefined;
  const oneToken = (l: string): boolean => !/\s/.test(l.trim().replace(/\s*([:=])\s*/g, '$1'));
  if (lines.length > 1) return lines.every(oneToken) ? undefined : { element: label, line: lines[0] };
  const alone = texts.bound.length + texts.inside.length === 1;
  return alone && looksLikeName(lines[0]) ? { element: label, line: lines[0] } : undefined;
}

/**
 * Reads a queue's texts into its name and its events. Events are consumed nearest-first to the
 * point where the queue's outgoing edge leaves it, as a person reads a queue drawn
 * `C B A ──▶`. Each token's position is estimated inside its text by its character offset.
 * With `writtenOrder` (canvas cards) events go in the order they are written.
 */
export function orderSourceEvents(file: string, shape: SceneElement, texts: NodeTexts, exit: Point, writtenOrder = false): { name?: string; events: EventSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const placed: PlacedEvent[] = [];
  const named = labelName(texts);
  let name = named === undefined ? undefined : normaliseSpaces(named.line);
  let skipName = named !== undefined;
  let seq = 0;

  for (const t of [...texts.bound, ...texts.inside]) {
    const lines = (t.text ?? '').split('\n');
    const lineHeight = t.height / Math.max(lines.length, 1);
    lines.forEach((line, li) => {
      if (line.trim() === '') return;
      if (skipName && t === named?.element) {
        skipName = false;
        return;
      }
      // `{user: u1, ad: 7} @12:00:05` or `A @12:00:05`: one event with fields or a time per line (records/record-text.ts).
      const record = parseRecordText(line);
      if (record !== null && 'event' in record) {
        placed.push({ ...record.event, at: { x: t.x + t.width / 2, y: t.y + lineHeight * (li + 0.5) }, seq: seq++ });
        return;
      }
      const recordProblem = record === null ? '' : ` (as an event with fields or a time: ${record.problem})`;
      const compact = line.replace(/\s*([:=])\s*/g, '$1');
      const tokens = [...compact.matchAll(/[^\s,;]+/g)];
      const parsed = tokens.map((m) => parseEventToken(m[0]));
      if (parsed.some((p) => p === null)) {
        // The first line of a label that is not a list of events names the queue.
        if (name === undefined && !texts.title && t === (texts.bound[0] ?? texts.inside[0])) {
          name = normaliseSpaces(line);
          return;
        }
        diagnostics.push({ severity: 'warning', code: 'not-an-event', file, elementId: t.id, message: `text "${normaliseSpaces(line)}" in queue "${name ?? normaliseSpaces(texts.title?.text ?? shape.id)}" is not a list of events (write KEY, KEY:NUMBER or KEY=NUMBER, separated by spaces)${recordProblem}; it is ignored` });
        return;
      }
      tokens.forEach((m, i) => {
        const frac = ((m.index ?? 0) + m[0].length / 2) / Math.max(compact.length, 1);
        placed.push({ ...parsed[i]!, at: { x: t.x + t.width * frac, y: t.y + lineHeight * (li + 0.5) }, seq: seq++ });
      });
    });
  }
  // A canvas card's text is laid out by Obsidian, not drawn: there, reading order is the order.
  if (!writtenOrder) placed.sort((a, b) => dist(a.at, exit) - dist(b.at, exit) || a.seq - b.seq);
  return { name, events: placed.map(({ key, value }) => ({ key, value })), diagnostics };
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
