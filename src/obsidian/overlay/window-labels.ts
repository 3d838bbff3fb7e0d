import { formatEventTime } from '../../core/records/event-time';
import type { LabelLine } from './overlay-labels';
import type { WindowsView } from '../run/run-model';

/** Open windows listed under a processor before "and N more". */
const WINDOWS_LISTED = 6;
const DAY_MS = 86_400_000;

/** An event time as the drawing writes it (`12:00:05`); processing-time windows (epoch ms) by their UTC clock time. */
function clock(ms: number): string {
  if (ms >= 0 && ms < DAY_MS) return formatEventTime(ms);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().slice(11, 19);
}

function watermarkText(w: number | undefined): string {
  if (w === undefined) return 'watermark: no event yet';
  if (w === Number.POSITIVE_INFINITY) return 'watermark: end of input';
  return `watermark ${clock(w)}`;
}

function valueText(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/**
 * A windowed processor's lines on the drawing: the watermark (highlighted when it moved), each open
 * window with its range and value (highlighted when new or changed), and the late events so far.
 * `before` is the same processor's windows at the previous change.
 */
export function windowLines(now: WindowsView, before: WindowsView | undefined): LabelLine[] {
  const moved = before !== undefined && before.watermark !== now.watermark;
  const lines: LabelLine[] = [{ text: watermarkText(now.watermark), tone: moved ? 'changed' : 'plain' }];
  const was = new Map((before?.open ?? []).map((w) => [`${w.group}\u0000${w.start}`, w.value]));
  for (const w of now.open.slice(0, WINDOWS_LISTED)) {
    const old = was.get(`${w.group}\u0000${w.start}`);
    const changed = before !== undefined && (old === undefined || !Object.is(old, w.value));
    lines.push({ text: `${w.group} [${clock(w.start)}, ${clock(w.end)}) = ${valueText(w.value)}`, tone: changed ? 'changed' : 'plain' });
  }
  const more = now.openCount - Math.min(now.open.length, WINDOWS_LISTED);
  if (more > 0) lines.push({ text: `and ${more} more open windows`, tone: 'plain' });
  if (now.openCount === 0) lines.push({ text: 'no open window', tone: 'plain' });
  if (now.late > 0) lines.push({ text: `late: ${now.late}`, tone: 'warning' });
  return lines;
}
