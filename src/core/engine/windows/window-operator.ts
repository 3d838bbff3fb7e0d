import type { AggregateClauses, WindowSpec } from '../../graph/operation-line';
import type { KeyedState } from '../keyed-state';
import type { Emit } from '../operators';
import { recordInput } from './record-input';
import { assignWindows, windowKey } from './window-assign';

type Aggregate = 'count' | 'sum' | 'min' | 'max' | 'avg';

/** One open window of one group: what the run view and the report show. */
export interface OpenWindow {
  group: string;
  start: number;
  end: number;
  value: number;
  events: number;
}

export interface WindowOperator {
  /** Takes one event. */
  readonly input: Emit;
  /** Processing time moved on (no event needed): windows of a run without event times close when the clock passes their end. */
  tick(now: number): void;
  /** The state was replaced (restore, crash, fresh start): rebuild the in-memory index from it. */
  restored(): void;
  openWindows(): OpenWindow[];
  /** The open windows by the key each will be emitted with (`7 @12:00:00`): what a report shows as the processor's state. */
  openTable(): Map<string, number>;
  /**
   * The first `limit` open windows in openWindows' order and how many are open, without sorting
   * them all: what a view shows many times a second at full speed (one pass, O(windows)).
   */
  firstOpenWindows(limit: number): { open: OpenWindow[]; count: number };
  /**
   * End of input (a drained queue that gets no more events, as Flink's bounded sources end): the
   * watermark goes to +∞ and every open window fires. True when anything changed (a checkpoint is due).
   */
  endOfInput(): boolean;
  /** Event time up to which windows are closed; undefined before the first event, +∞ after end of input. */
  watermark(): number | undefined;
  /** Events sent to the late output so far in this run. */
  lateCount(): number;
}

interface Pane extends OpenWindow {
  id: string;
}

/** Open windows in the order they are shown: by start, then group. */
function earlier(a: OpenWindow, b: OpenWindow): number {
  return a.start - b.start || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0);
}

function shown({ group, start, end, value, events }: Pane): OpenWindow {
  return { group, start, end, value, events };
}

/*
 * The window state lives in the processor's KeyedState, one number per entry, so every
 * checkpoint (full or incremental: only changed entries) holds it without a format of its own:
 *   `w <start> <end> <group>`  the window's aggregate      `n <start> <end> <group>`  its event count
 *   `~watermark`  `~max` (newest event time)  `~mode` (1 event time, 2 processing time)  `~late`
 * A closed window's count becomes 0 (a tombstone) so a restore from base + deltas does not bring
 * it back; both entries are deleted once a checkpoint has recorded the tombstone (its epoch passed).
 */
const WATERMARK = '~watermark';
const MAX_TIME = '~max';
const MODE = '~mode';
const LATE = '~late';
/** The watermark after end of input. +∞ itself is not a number a checkpoint keeps (JSON has none); no event time comes near this one. */
const END_OF_INPUT = Number.MAX_VALUE;

/**
 * A windowed aggregate (Flink's WindowOperator with the default event-time trigger): events are
 * added to the windows of their group; a window emits `{group @start, aggregate}` downstream
 * once the watermark passes its end, and is then forgotten. The watermark trails the newest event
 * time by the allowed lateness (`allow 5s late`: Flink's bounded out-of-orderness); an event
 * whose every window has closed goes to the late output instead. Events without a time are
 * stamped by the clock (processing time), and then the clock alone closes windows.
 */
export function compileWindowOperator(kind: Aggregate, clauses: AggregateClauses & { window: WindowSpec }, state: KeyedState, next: Emit, late: Emit, now: () => number): WindowOperator {
  const spec = clauses.window;
  const lateness = clauses.lateMs ?? 0;
  const read = recordInput(clauses);
  let panes = new Map<string, Pane>();
  let byGroup = new Map<string, Set<Pane>>();
  let closed: string[] = [];
  let nextEnd = Number.POSITIVE_INFINITY;

  const get = (k: string, fallback: number): number => state.cells.get(k)?.value ?? fallback;
  const combine = (a: number, b: number): number => (kind === 'sum' ? a + b : kind === 'min' ? Math.min(a, b) : kind === 'max' ? Math.max(a, b) : a + b);
  /** Two partial results merged; an average weighs each mean by its number of events (`n` is kept beside it anyway). */
  const merge = (a: number, na: number, b: number, nb: number): number => (kind === 'count' ? a + b : kind === 'avg' ? a + ((b - a) * nb) / (na + nb) : combine(a, b));

  function remember(p: Pane): void {
    panes.set(p.id, p);
    let set = byGroup.get(p.group);
    if (!set) byGroup.set(p.group, (set = new Set()));
    set.add(p);
    if (p.end < nextEnd) nextEnd = p.end;
  }

  function write(p: Pane): void {
    state.set(`w ${p.id}`, p.value);
    state.set(`n ${p.id}`, p.events);
  }

  function close(p: Pane): void {
    panes.delete(p.id);
    byGroup.get(p.group)?.delete(p);
    if (byGroup.get(p.group)?.size === 0) byGroup.delete(p.group);
    state.set(`n ${p.id}`, 0);
    closed.push(p.id);
  }

  /** Deletes tombstones a checkpoint already holds (written in an earlier epoch). */
  function purge(): void {
    if (closed.length === 0) return;
    const keep: string[] = [];
    for (const id of closed) {
      const n = state.cells.get(`n ${id}`);
      const w = state.cells.get(`w ${id}`);
      if ((n && n.epoch === state.epoch) || (w && w.epoch === state.epoch)) keep.push(id);
      else {
        state.delete(`n ${id}`);
        state.delete(`w ${id}`);
      }
    }
    closed = keep;
  }

  const outKey = (p: Pane): string => windowKey(spec, p.group, p.start, p.end);

  /** Moves the watermark and emits every window it closes, in end, start, group order (the same after any restore). */
  function advance(watermark: number): void {
    if (!(watermark > get(WATERMARK, Number.NEGATIVE_INFINITY))) return;
    state.set(WATERMARK, watermark);
    if (nextEnd > watermark) return;
    const due: Pane[] = [];
    let rest = Number.POSITIVE_INFINITY;
    for (const p of panes.values()) {
      if (p.end <= watermark) due.push(p);
      else if (p.end < rest) rest = p.end;
    }
    nextEnd = rest;
    due.sort((a, b) => a.end - b.end || a.start - b.start || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    for (const p of due) {
      close(p);
      next(outKey(p), p.value);
    }
    purge();
  }

  function add(group: string, start: number, end: number, amount: number): void {
    const id = `${start} ${end} ${group}`;
    const p = panes.get(id);
    if (p) {
      // avg: Welford's update of the mean, as the unwindowed avg does (operators.ts).
      p.value = kind === 'count' ? p.value + 1 : kind === 'avg' ? p.value + (amount - p.value) / (p.events + 1) : combine(p.value, amount);
      p.events++;
      write(p);
      return;
    }
    const fresh: Pane = { id, group, start, end, value: kind === 'count' ? 1 : amount, events: 1 };
    remember(fresh);
    write(fresh);
  }

  /** Session windows: the event's [t, t + gap) merges with every window of its group it touches (Flink's MergingWindowSet). */
  function addToSession(group: string, time: number, amount: number, gap: number): void {
    let start = time;
    let end = time + gap;
    let value = kind === 'count' ? 1 : amount;
    let events = 1;
    const touching = [...(byGroup.get(group) ?? [])].filter((p) => p.start <= end && p.end >= start).sort((a, b) => a.start - b.start);
    for (const p of touching) {
      start = Math.min(start, p.start);
      end = Math.max(end, p.end);
      value = merge(p.value, p.events, value, events);
      events += p.events;
      close(p);
    }
    const merged: Pane = { id: `${start} ${end} ${group}`, group, start, end, value, events };
    remember(merged);
    write(merged);
  }

  const input: Emit = (key, value) => {
    let mode = get(MODE, 0);
    const stamped = read.time(key);
    if (mode === 0) {
      mode = stamped === undefined ? 2 : 1;
      state.set(MODE, mode);
    }
    // Processing time: the clock. Event time without a time on this event: the newest time seen.
    const time = stamped ?? (mode === 2 ? now() : get(MAX_TIME, now()));
    const group = read.group(key);
    const amount = read.amount(key, value);
    const watermark = get(WATERMARK, Number.NEGATIVE_INFINITY);
    let accepted = false;
    if (spec.kind === 'session') {
      if (time + spec.gapMs > watermark) {
        addToSession(group, time, amount, spec.gapMs);
        accepted = true;
      }
    } else {
      for (const w of assignWindows(spec, time)) {
        if (w.end <= watermark) continue; // this window already closed
        add(group, w.start, w.end, amount);
        accepted = true;
      }
    }
    if (!accepted) {
      state.set(LATE, get(LATE, 0) + 1);
      late(key, value);
    }
    if (time > get(MAX_TIME, Number.NEGATIVE_INFINITY)) state.set(MAX_TIME, time);
    advance(get(MAX_TIME, time) - (mode === 2 ? 0 : lateness));
  };

  return {
    input,
    tick(at) {
      if (get(MODE, 0) === 2) advance(at);
    },
    restored() {
      panes = new Map();
      byGroup = new Map();
      closed = [];
      nextEnd = Number.POSITIVE_INFINITY;
      for (const [k, cell] of state.cells) {
        if (!k.startsWith('n ')) continue;
        const id = k.slice(2);
        const s1 = id.indexOf(' ');
        const s2 = id.indexOf(' ', s1 + 1);
        if (s1 < 0 || s2 < 0) continue;
        if (cell.value === 0) {
          closed.push(id);
          continue;
        }
        remember({ id, group: id.slice(s2 + 1), start: Number(id.slice(0, s1)), end: Number(id.slice(s1 + 1, s2)), value: get(`w ${id}`, Number.NaN), events: cell.value });
      }
      purge();
    },
    openWindows() {
      return [...panes.values()].map(shown).sort(earlier);
    },
    firstOpenWindows(limit) {
      const first: Pane[] = [];
      if (limit <= 0) return { open: [], count: panes.size };
      for (const p of panes.values()) {
        if (first.length >= limit && earlier(first[first.length - 1], p) <= 0) continue;
        let i = first.length;
        while (i > 0 && earlier(first[i - 1], p) > 0) i--;
        first.splice(i, 0, p);
        if (first.length > limit) first.pop();
      }
      return { open: first.map(shown), count: panes.size };
    },
    endOfInput() {
      if (get(WATERMARK, Number.NEGATIVE_INFINITY) >= END_OF_INPUT) return false;
      advance(END_OF_INPUT);
      return true;
    },
    openTable() {
      const out = new Map<string, number>();
      for (const w of this.openWindows()) out.set(windowKey(spec, w.group, w.start, w.end), w.value);
      return out;
    },
    watermark() {
      const w = state.cells.get(WATERMARK)?.value;
      return w === undefined ? undefined : w >= END_OF_INPUT ? Number.POSITIVE_INFINITY : w;
    },
    lateCount() {
      return get(LATE, 0);
    },
  };
}
