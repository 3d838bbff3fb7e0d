import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import { labelOf, type NodeTexts } from './attach-texts';
import { hasEventEvidence, looksLikeKeys, readEventLine } from './event-evidence';
import type { EventSpec } from './flow-graph';
import type { Point } from './geometry';
import { parseRecordText } from '../records/record-text';
import { tokensProblem } from '../events/event-token';
import { normaliseSpaces } from './texts';

interface PlacedEvent extends EventSpec {
  at: Point;
  /** Document order, the final tie-break so equal distances stay deterministic. */
  seq: number;
}

/** A line written as one record (`{user: u1} @12:00`, `A @12:00:05`): events by their form. */
const isRecordLine = (line: string): boolean => {
  const r = parseRecordText(line);
  return r !== null && 'event' in r;
};

/** `- item`, `* item`, `• item`, `1. item`: a list under a name is its content (`+ ChromaDB` is not: it means "and"). */
export const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+\S/;

export interface LabelSplit {
  /** The label's lines that name the box (all of them when none is events), joined by spaces. */
  name?: string;
  /** Index of the first label line read as events (lines.length when none is). */
  firstEventLine: number;
}

/**
 * Splits a box's label into its name and its events. People press Enter inside boxes
 * (`Order` / `Service`, `Amazon` / `SQS queue`): every line is the name until a blank line or
 * one with positive evidence of being events (see hasEventEvidence): `orders` / `C B A`,
 * `kafka topic` / `X Y`, a stack `A` / `B` / `C`.
 */
export function splitLabel(label: SceneElement | undefined): LabelSplit {
  return label ? readLabel(label) : { firstEventLine: 0 };
}

/**
 * The split of a box's label (`labelOf`), read once per box: names, roles, directions and
 * refusals all ask for it. Kept on the box's texts, not in a WeakMap keyed by the label: every
 * read of a drawing brings new elements, and inserting thousands of fresh keys into a WeakMap
 * (whose dead entries go only at a full collection) cost more than reading the labels.
 */
export function labelSplitOf(texts: NodeTexts): LabelSplit {
  return (texts.labelSplit ??= splitLabel(labelOf(texts)));
}

function readLabel(label: SceneElement): LabelSplit {
  const lines = (label.text ?? '').split('\n');
  let first = lines.length;
  // Whether a line before this one holds anything: each line is read only as far as needed,
  // and none after the first line of events (every box of a drawing is asked for its label).
  let named = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const blank = line.trim() === '';
    // A blank line or a list after the name sets the rest apart (`Real-time context` / `` /
    // `live profile`; `Sources` / `- Itviec` / `- TopCV`).
    if (named && (blank || LIST_ITEM.test(line))) {
      first = i;
      break;
    }
    const p = blank ? null : readEventLine(line);
    // A value out of range (`B:1e309`) is still a valued token: the line is events, refused below with the reason.
    if (isRecordLine(line) || (p && hasEventEvidence(p.tokens)) || (!p && tokensProblem(line) !== null)) {
      first = i;
      break;
    }
    if (!blank) named = true;
  }
  const name = normaliseSpaces(first === 1 ? lines[0] : lines.slice(0, first).join(' '));
  return { name: name || undefined, firstEventLine: first };
}

/**
 * Reads a queue's texts into its name and its events. The label's own lines are its name up to
 * the first line of events; every other text inside the box (set apart from the name) is events
 * when it is a list of tokens. Events are consumed nearest-first to the point where the queue's
 * outgoing edge leaves it, as a person reads a queue drawn `C B A ──▶`. Each token's position
 * is estimated inside its text by its character offset. With `writtenOrder` (canvas cards)
 * events go in the order they are written.
 */
export function orderSourceEvents(file: string, shape: SceneElement, texts: NodeTexts, exit: Point, writtenOrder = false, strongOnly = false): { name?: string; events: EventSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const placed: PlacedEvent[] = [];
  const label = labelOf(texts);
  const split = labelSplitOf(texts);
  // A canvas card's first line is its name by the format; the rest of its text is content.
  const declared = texts.title?.titleOf !== undefined;
  const name = declared ? undefined : split.name;
  let seq = 0;
  // Plain keys set apart from the name (`login logout` under `clicks`) are events only in a box
  // that is clearly labelled: a bound label, or one free text besides them. A box scattered with
  // free notes (a panel of code notes) needs stronger evidence: values, a repeat, a stack.
  const weakOk = !strongOnly && (texts.bound.length > 0 || texts.bound.length + texts.inside.length <= 2);

  // Bound texts, then those inside (a copy only when there are both).
  for (const t of texts.inside.length ? texts.bound.concat(texts.inside) : texts.bound) {
    const lines = (t.text ?? '').split('\n');
    const lineHeight = t.height / Math.max(lines.length, 1);
    const from = t === label && !declared ? split.firstEventLine : 0;
    const shown = name ?? normaliseSpaces(texts.title?.text ?? shape.id);
    // A text set apart from the name (another text, or the label after a blank line) is events
    // when it reads as keys, not as a sentence.
    const apart = t !== label || declared || (split.firstEventLine < lines.length && (lines[split.firstEventLine].trim() === '' || LIST_ITEM.test(lines[split.firstEventLine])));
    if (apart) {
      const rest = lines.slice(from);
      const parsed = rest.map((l) => (l.trim() === '' ? null : readEventLine(l)));
      const tokens = parsed.flatMap((p) => p?.tokens ?? []);
      const records = rest.some(isRecordLine);
      const allParse = parsed.every((p, i) => p !== null || rest[i].trim() === '' || isRecordLine(rest[i]));
      const outOfRange = allParse ? null : tokensProblem(rest.join('\n'));
      if (outOfRange !== null) {
        diagnostics.push({ severity: 'warning', code: 'not-an-event', file, elementId: t.id, message: `text "${normaliseSpaces(rest.join('\n'))}" in queue "${shown}" is not a list of events: ${outOfRange}; it is ignored` });
        continue;
      }
      if (!allParse || (!records && !hasEventEvidence(tokens) && (!weakOk || !looksLikeKeys(tokens)))) {
        diagnostics.push({ severity: 'warning', code: 'not-an-event', file, elementId: t.id, message: `text "${normaliseSpaces(rest.join('\n'))}" in queue "${shown}" reads as words, not events (events look like A B, B:3, user1 user2, no brackets); it is ignored. Give the events values (login:1) if they are events` });
        continue;
      }
    }
    for (let li = from; li < lines.length; li++) {
      const line = lines[li];
      if (line.trim() === '') continue;
      // `{user: u1, ad: 7} @12:00:05` or `A @12:00:05`: one event with fields or a time per line (records/record-text.ts).
      const record = parseRecordText(line);
      if (record !== null && 'event' in record) {
        placed.push({ ...record.event, at: { x: t.x + t.width / 2, y: t.y + lineHeight * (li + 0.5) }, seq: seq++ });
        continue;
      }
      const parsed = readEventLine(line);
      if (!parsed) {
        // Why it is no record or token, asked only of a line that is none (most lines are events).
        const outOfRange = tokensProblem(line);
        const recordProblem = outOfRange !== null ? ` (${outOfRange})` : record === null ? '' : ` (as an event with fields or a time: ${record.problem})`;
        diagnostics.push({ severity: 'warning', code: 'not-an-event', file, elementId: t.id, message: `text "${normaliseSpaces(line)}" in queue "${shown}" is not a list of events (write KEY, KEY:NUMBER or KEY=NUMBER, separated by spaces; no brackets)${recordProblem}; it is ignored` });
        continue;
      }
      for (const tok of parsed.tokens) {
        const frac = (tok.index + tok.length / 2) / Math.max(parsed.compact.length, 1);
        placed.push({ key: tok.key, value: tok.value, at: { x: t.x + t.width * frac, y: t.y + lineHeight * (li + 0.5) }, seq: seq++ });
      }
    }
  }
  // A canvas card's text is laid out by Obsidian, not drawn: there, reading order is the order.
  if (!writtenOrder) {
    // Each event's distance once, not twice per comparison (`seq` is its place in `placed`).
    const far = placed.map((p) => dist(p.at, exit));
    sortPlaced(placed, (a, b) => far[a.seq] - far[b.seq] || a.seq - b.seq);
  }
  return { name, events: placed.map(({ key, value }) => ({ key, value })), diagnostics };
}

/**
 * Sorts in place by `order`, a total order (`seq` breaks every tie), so any sort gives the same
 * result: a queue holds a few events, and Array.prototype.sort allocated a work copy for each.
 */
function sortPlaced(a: PlacedEvent[], order: (x: PlacedEvent, y: PlacedEvent) => number): void {
  if (a.length > 16) {
    a.sort(order);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && order(a[j], v) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
