import type { Diagnostic } from '../../core/diagnostics';
import type { FlowNode, Operation } from '../../core/graph/flow-graph';
import type { WindowSpec } from '../../core/graph/operation-line';
import type { LabelLine, LabelTone, OverlayLabel } from './overlay-labels';

/** Events listed under a queue before "and N more". */
const EVENTS_SHOWN = 8;

const ROLE_WORD: Record<FlowNode['role'], string> = { source: 'Queue', processor: 'Processor', sink: 'Sink' };

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function windowText(w: WindowSpec): string {
  if (w.kind === 'tumbling') return `per ${duration(w.sizeMs)}`;
  if (w.kind === 'sliding') return `over ${duration(w.sizeMs)} every ${duration(w.slideMs)}`;
  return `with gap ${duration(w.gapMs)}`;
}

/** The operation as the reader understood it, in the drawing language's own words (`sum amount by ad per 1 min`). */
export function operationText(op: Operation): string {
  if (op.kind === 'filter' || op.kind === 'map') return `${op.kind} ${op.expression}`;
  const parts: string[] = [op.kind];
  if (op.field) parts.push(op.field);
  if (op.by) parts.push(`by ${op.by}`);
  if (op.window) parts.push(windowText(op.window));
  if (op.lateMs !== undefined) parts.push(`allow ${duration(op.lateMs)} late`);
  return parts.join(' ');
}

function eventsText(node: FlowNode): string {
  const shown = node.events.slice(0, EVENTS_SHOWN).map((e) => (e.value === 1 ? e.key : `${e.key}:${e.value}`));
  const more = node.events.length > EVENTS_SHOWN ? ` and ${node.events.length - EVENTS_SHOWN} more` : '';
  const list = shown.length > 0 ? `events: ${shown.join(' ')}${more}` : 'no events drawn';
  return node.link ? `${list} + ${node.link}` : list;
}

/**
 * How the drawing was understood, shown below each node before anything runs: its role and name,
 * a processor's operation and assertions, a queue's events. It lets a person see at a glance
 * whether the reader took their drawing the way they meant it (issue 14), without opening a report.
 */
export function understoodLabels(nodes: readonly FlowNode[]): OverlayLabel[] {
  return nodes.map((node) => {
    const lines: LabelLine[] = [{ text: `${ROLE_WORD[node.role]} “${node.name}”`, tone: 'plain' }];
    if (node.role === 'processor') {
      lines.push({ text: operationText(node.operation), tone: 'plain' });
      if (node.assertions.length > 0) lines.push({ text: `expects ${node.assertions.map((a) => `${a.key} = ${a.expected}`).join(', ')}`, tone: 'plain' });
    }
    if (node.role === 'source') lines.push({ text: eventsText(node), tone: 'plain' });
    return { key: `u:${node.id}`, anchor: { elementId: node.id }, side: 'below' as const, kind: 'understood', lines };
  });
}

const SEVERITY_TONE: Record<Diagnostic['severity'], LabelTone> = { error: 'error', warning: 'warning', info: 'info' };
const SEVERITY_WORD: Record<Diagnostic['severity'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * Each of the drawing's diagnostics at the element it names (one label per element, errors
 * first). Diagnostics about other files (an events note, a checkpoint) or about no element stay
 * in the run view's list only.
 */
export function diagnosticLabels(drawingPath: string, diagnostics: readonly Diagnostic[]): OverlayLabel[] {
  const byElement = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (!d.elementId || d.file !== drawingPath) continue;
    const list = byElement.get(d.elementId);
    if (list) list.push(d);
    else byElement.set(d.elementId, [d]);
  }
  const rank = { error: 0, warning: 1, info: 2 };
  return [...byElement].map(([elementId, list]) => ({
    key: `d:${elementId}`,
    anchor: { elementId },
    side: 'right' as const,
    kind: 'diagnostic',
    lines: [...list].sort((a, b) => rank[a.severity] - rank[b.severity]).map((d) => ({ text: `${SEVERITY_WORD[d.severity]}: ${d.message}`, tone: SEVERITY_TONE[d.severity] })),
  }));
}
