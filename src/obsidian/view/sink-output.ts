import type { RunSnapshot } from '../run/run-model';
import { createSection, formatValue } from './section';

const SHOWN = 20;

/** The newest records of each sink: durable ones (in the sink note) and those waiting for a checkpoint. */
export class SinkOutput {
  private readonly root: HTMLElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement) {
    const section = createSection(parent, 'Sink output', 'flows-sinks');
    this.root = section.root;
    this.body = section.body;
  }

  render(s: RunSnapshot): void {
    this.body.empty();
    this.root.toggleClass('flows-hidden', s.sinks.length === 0);
    for (const sink of s.sinks) {
      const block = this.body.createDiv({ cls: 'flows-sink', attr: { 'data-sink': sink.name } });
      const total = sink.committed.length + sink.pending.length;
      block.createDiv({ cls: 'flows-processor-name', text: `${sink.name}: ${total} records (${sink.pending.length} not yet checkpointed)` });
      const rows = [...sink.committed.map((r) => ({ ...r, pending: false })), ...sink.pending.map((r) => ({ ...r, pending: true }))].slice(-SHOWN);
      const list = block.createDiv({ cls: 'flows-sink-records' });
      for (const r of rows) list.createSpan({ cls: r.pending ? 'flows-event flows-pending' : 'flows-event', text: `${r.key} ${formatValue(r.value)}` });
    }
  }
}
