import type { RunSnapshot } from '../run/run-model';

const LABELS: Record<RunSnapshot['status'], string> = {
  ready: 'Ready',
  running: 'Running',
  paused: 'Paused',
  drained: 'Drained',
  crashed: 'Crashed',
};

/** The run's status badge, the drawing's name, events processed and the last thing that happened. */
export class StatusLine {
  private readonly badge: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly message: HTMLElement;

  constructor(parent: HTMLElement) {
    const root = parent.createDiv({ cls: 'flows-status' });
    const top = root.createDiv({ cls: 'flows-status-top' });
    this.badge = top.createSpan({ cls: 'flows-status-badge' });
    this.counts = top.createSpan({ cls: 'flows-status-counts' });
    this.message = root.createDiv({ cls: 'flows-status-message' });
  }

  render(s: RunSnapshot): void {
    this.badge.setText(LABELS[s.status]);
    this.badge.className = `flows-status-badge flows-status-${s.status}`;
    const speed = s.rate > 0 ? `${s.rate} events/s` : 'full speed';
    this.counts.setText(`${s.processed} events processed · ${speed}`);
    this.message.setText(s.message);
  }
}
