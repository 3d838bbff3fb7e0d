import type { WindowSpec } from '../../graph/operation-line';
import { formatEventTime } from '../../records/event-time';

/** A window's range: `start` included, `end` excluded (Flink's TimeWindow). */
export interface WindowRange {
  start: number;
  end: number;
}

/**
 * The tumbling or sliding windows an event at `time` belongs to, oldest first (Flink's
 * TumblingEventTimeWindows / SlidingEventTimeWindows with offset 0). Sessions are merged by the
 * operator instead.
 */
export function assignWindows(spec: Exclude<WindowSpec, { kind: 'session' }>, time: number): WindowRange[] {
  if (spec.kind === 'tumbling') {
    const start = Math.floor(time / spec.sizeMs) * spec.sizeMs;
    return [{ start, end: start + spec.sizeMs }];
  }
  const last = Math.floor(time / spec.slideMs) * spec.slideMs;
  const out: WindowRange[] = [];
  for (let start = last - spec.sizeMs + spec.slideMs; start <= last; start += spec.slideMs) {
    if (start + spec.sizeMs > time) out.push({ start, end: start + spec.sizeMs });
  }
  return out;
}

/** The key a closed window's result goes downstream with: `7 @12:00:00`, a session `u1 @12:00:00 to 12:03:10`. */
export function windowKey(spec: WindowSpec, group: string, start: number, end: number): string {
  return spec.kind === 'session' ? `${group} @${formatEventTime(start)} to ${formatEventTime(end)}` : `${group} @${formatEventTime(start)}`;
}
