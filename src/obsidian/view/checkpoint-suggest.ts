import { SuggestModal, type App } from 'obsidian';
import type { CheckpointInfo } from '../../core/checkpoint/checkpoint-data';
import { formatBytes, formatTime } from './section';

/** "Restore…": pick one of the drawing's checkpoints, newest first. */
export class CheckpointSuggest extends SuggestModal<CheckpointInfo> {
  constructor(app: App, private readonly checkpoints: CheckpointInfo[], private readonly onPick: (info: CheckpointInfo) => void) {
    super(app);
    this.setPlaceholder('Pick a checkpoint to restore');
  }

  getSuggestions(query: string): CheckpointInfo[] {
    const q = query.trim().toLowerCase();
    return [...this.checkpoints].reverse().filter((c) => !q || `${c.id} ${c.kind} ${c.createdAt}`.toLowerCase().includes(q));
  }

  renderSuggestion(c: CheckpointInfo, el: HTMLElement): void {
    el.createDiv({ text: `Checkpoint ${c.id} (${c.kind})` });
    el.createEl('small', { cls: 'flows-muted', text: `${formatTime(c.createdAt)} · ${formatBytes(c.sizeBytes)} · ${c.path}` });
  }

  onChooseSuggestion(c: CheckpointInfo): void {
    this.onPick(c);
  }
}
