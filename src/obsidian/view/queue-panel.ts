import type { RunSnapshot } from '../run/run-model';
import { createSection, formatValue } from './section';

/** Each queue: its offset out of its length, and the next events waiting. */
export class QueuePanel {
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement) {
    this.body = createSection(parent, 'Queues', 'flows-queues').body;
  }

  render(s: RunSnapshot): void {
    this.body.empty();
    for (const q of s.queues) {
      const row = this.body.createDiv({ cls: 'flows-queue', attr: { 'data-queue': q.name } });
      row.createSpan({ cls: 'flows-queue-name', text: q.name });
      row.createSpan({ cls: 'flows-queue-offset', text: `offset ${q.offset} of ${q.length}` });
      const next = row.createDiv({ cls: 'flows-queue-next' });
      if (q.next.length === 0) next.createSpan({ cls: 'flows-muted', text: 'drained' });
      for (const e of q.next) next.createSpan({ cls: 'flows-event', text: e.value === 1 ? e.key : `${e.key}:${formatValue(e.value)}` });
      if (q.length - q.offset > q.next.length) next.createSpan({ cls: 'flows-muted', text: `+${q.length - q.offset - q.next.length} more` });
    }
  }
}
