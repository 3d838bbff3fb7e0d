import type { RunSnapshot } from '../run/run-model';
import { createSection, formatValue } from './section';

/** Shown per processor before "… more keys": the view stays fast with large state. */
const MAX_ROWS = 200;

/**
 * Each processor's keyed state as a table. Cells changed by the latest change of state are
 * highlighted, and stay so across re-renders until the state changes again.
 */
export class StateTables {
  private readonly body: HTMLElement;
  private previous = new Map<string, Map<string, number>>();
  private changed = new Map<string, Set<string>>();

  constructor(parent: HTMLElement) {
    this.body = createSection(parent, 'State', 'flows-state').body;
  }

  render(s: RunSnapshot): void {
    this.body.empty();
    const next = new Map<string, Map<string, number>>();
    for (const p of s.processors) {
      const now = new Map(p.entries);
      next.set(p.id, now);
      const changed = this.changedKeys(p.id, now);
      const block = this.body.createDiv({ cls: 'flows-processor', attr: { 'data-processor': p.name } });
      block.createDiv({ cls: 'flows-processor-name', text: `${p.name} (${p.operation})` });
      if (p.entries.length === 0) {
        block.createDiv({ cls: 'flows-muted', text: 'No state yet' });
        continue;
      }
      const table = block.createEl('table', { cls: 'flows-table' });
      const head = table.createEl('thead').createEl('tr');
      head.createEl('th', { text: 'Key' });
      head.createEl('th', { text: 'Value' });
      const tbody = table.createEl('tbody');
      const entries = [...p.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [key, value] of entries.slice(0, MAX_ROWS)) {
        const tr = tbody.createEl('tr', { attr: { 'data-key': key } });
        tr.createEl('td', { text: key });
        const cell = tr.createEl('td', { text: formatValue(value), cls: 'flows-value' });
        cell.toggleClass('flows-changed', changed.has(key));
      }
      if (entries.length > MAX_ROWS) block.createDiv({ cls: 'flows-muted', text: `… and ${entries.length - MAX_ROWS} more keys` });
    }
    this.previous = next;
  }

  private changedKeys(id: string, now: Map<string, number>): Set<string> {
    const before = this.previous.get(id);
    if (!before) return this.changed.get(id) ?? new Set();
    const diff = new Set<string>();
    for (const [k, v] of now) if (!Object.is(before.get(k), v)) diff.add(k);
    if (diff.size > 0 || now.size !== before.size) this.changed.set(id, diff);
    return this.changed.get(id) ?? new Set();
  }
}
