import type { CheckpointInfo } from '../../core/checkpoint/checkpoint-data';
import type { KeyDifference, RunSnapshot } from '../run/run-model';
import { createSection, formatBytes, formatTime, formatValue } from './section';

export interface TimelineActions {
  openNote(path: string): void;
  restore(path: string): void;
  compare(before: string, after: string): Promise<KeyDifference[]>;
}

/**
 * The checkpoints written for this drawing, newest first: id, time, offsets, kind, size and
 * duration. A click opens the note; ticking two and pressing Compare lists the keys that differ.
 */
export class CheckpointTimeline {
  private readonly list: HTMLElement;
  private readonly compareButton: HTMLButtonElement;
  private readonly differences: HTMLElement;
  private readonly picked: string[] = [];
  private readonly boxes = new Map<string, HTMLInputElement>();
  private shown = '';

  constructor(parent: HTMLElement, private readonly actions: TimelineActions) {
    const { body } = createSection(parent, 'Checkpoints', 'flows-timeline');
    this.list = body.createDiv({ cls: 'flows-timeline-list' });
    const bar = body.createDiv({ cls: 'flows-timeline-bar' });
    this.compareButton = bar.createEl('button', { text: 'Compare', cls: 'flows-btn', attr: { 'data-action': 'compare' } });
    this.compareButton.addEventListener('click', () => void this.compare());
    this.differences = body.createDiv({ cls: 'flows-differences' });
  }

  render(s: RunSnapshot): void {
    // Rebuilt only when the list changes, so ticked boxes survive progress updates.
    const signature = s.checkpoints.map((c) => `${c.id}:${c.path}`).join('|');
    this.compareButton.disabled = this.picked.length !== 2;
    if (signature === this.shown) return;
    this.shown = signature;
    this.list.empty();
    this.boxes.clear();
    for (let i = this.picked.length - 1; i >= 0; i--) if (!s.checkpoints.some((c) => c.path === this.picked[i])) this.picked.splice(i, 1);
    if (s.checkpoints.length === 0) this.list.createDiv({ cls: 'flows-muted', text: 'No checkpoints yet' });
    for (const c of [...s.checkpoints].reverse()) this.row(c, s);
    this.compareButton.disabled = this.picked.length !== 2;
  }

  private row(c: CheckpointInfo, s: RunSnapshot): void {
    const row = this.list.createDiv({ cls: 'flows-checkpoint', attr: { 'data-checkpoint': String(c.id) } });
    const box = row.createEl('input', { type: 'checkbox', attr: { 'aria-label': `Pick checkpoint ${c.id} to compare` } });
    box.checked = this.picked.includes(c.path);
    this.boxes.set(c.path, box);
    box.addEventListener('change', () => {
      const at = this.picked.indexOf(c.path);
      if (box.checked && at < 0) this.picked.push(c.path);
      if (!box.checked && at >= 0) this.picked.splice(at, 1);
      // Only the two most recent picks count.
      while (this.picked.length > 2) {
        const dropped = this.picked.shift()!;
        const other = this.boxes.get(dropped);
        if (other) other.checked = false;
      }
      this.compareButton.disabled = this.picked.length !== 2;
    });
    const link = row.createEl('a', { cls: 'flows-checkpoint-link', text: `#${c.id}`, attr: { title: `Open ${c.path}` } });
    link.addEventListener('click', (evt) => {
      evt.preventDefault();
      this.actions.openNote(c.path);
    });
    const nameOf = (id: string): string => s.queues.find((q) => q.id === id)?.name ?? id;
    const offsets = Object.entries(c.offsets).map(([id, n]) => `${nameOf(id)}@${n}`).join(' ');
    row.createSpan({ cls: 'flows-checkpoint-meta', text: `${formatTime(c.createdAt)} · ${c.kind} · ${offsets} · ${formatBytes(c.sizeBytes)} · ${c.durationMs} ms` });
    const restore = row.createEl('button', { text: 'Restore', cls: 'flows-btn flows-btn-small', attr: { 'data-action': 'restore-checkpoint' } });
    restore.addEventListener('click', () => this.actions.restore(c.path));
  }

  private async compare(): Promise<void> {
    if (this.picked.length !== 2) return;
    // Older first, whatever order they were ticked in.
    const [before, after] = [...this.picked].sort();
    const diffs = await this.actions.compare(before, after);
    this.showDifferences(before, after, diffs);
  }

  private showDifferences(before: string, after: string, diffs: KeyDifference[]): void {
    this.differences.empty();
    const title = (p: string): string => p.split('/').pop()?.replace(/\.md$/, '') ?? p;
    this.differences.createDiv({ cls: 'flows-processor-name', text: `${title(before)} → ${title(after)}: ${diffs.length} keys differ` });
    if (diffs.length === 0) return;
    const table = this.differences.createEl('table', { cls: 'flows-table' });
    const head = table.createEl('thead').createEl('tr');
    for (const h of ['Processor', 'Key', 'Before', 'After']) head.createEl('th', { text: h });
    const body = table.createEl('tbody');
    for (const d of diffs) {
      const tr = body.createEl('tr', { attr: { 'data-key': d.key } });
      tr.createEl('td', { text: d.processor });
      tr.createEl('td', { text: d.key });
      tr.createEl('td', { text: formatValue(d.before) });
      tr.createEl('td', { text: formatValue(d.after), cls: 'flows-changed' });
    }
  }
}
