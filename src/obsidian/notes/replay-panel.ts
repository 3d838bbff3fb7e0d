import { MarkdownRenderChild, type App } from 'obsidian';
import type { EventSpec } from '../../core/graph/flow-graph';
import type { VaultStore } from '../../core/ports';
import { ObsVaultStore } from '../ObsVaultStore';
import type { RunController } from '../run/run-controller';
import { QueuePanel } from '../view/queue-panel';
import { userMessage } from '../view/run-view';
import { StateTables } from '../view/state-tables';
import { resolveNotePath } from './checkpoint-note-files';
import { readEventsNote } from './events-from-note';
import type { FlowBlockSpec } from './flow-block-spec';
import { OverlayStore } from './overlay-store';

export type ControllerFactory = (drawingPath: string, store: VaultStore) => Promise<RunController>;

/**
 * The panel a `flow` block renders: restore the named checkpoint, replay the events note step
 * by step or all at once, and see the resulting state. It runs over an OverlayStore, so
 * replaying in a note never writes to the vault.
 */
export class ReplayPanel extends MarkdownRenderChild {
  private controller: RunController | null = null;
  private events: EventSpec[] = [];
  private status!: HTMLElement;
  private queues!: QueuePanel;
  private state!: StateTables;

  constructor(
    containerEl: HTMLElement,
    private readonly app: App,
    private readonly spec: FlowBlockSpec,
    private readonly sourcePath: string,
    private readonly openController: ControllerFactory,
  ) {
    super(containerEl);
  }

  override onload(): void {
    const root = this.containerEl.createDiv({ cls: ['flows-run-view', 'flows-replay'] });
    const what = [`Replay of ${this.spec.drawing}`];
    if (this.spec.checkpoint) what.push(`from ${this.spec.checkpoint}`);
    if (this.spec.events) what.push(`with ${this.spec.events}`);
    root.createDiv({ cls: 'flows-title', text: what.join(' ') });
    const row = root.createDiv({ cls: 'flows-controls-row' });
    const button = (action: string, text: string, fn: () => Promise<unknown>): void => {
      const b = row.createEl('button', { text, cls: 'flows-btn', attr: { 'data-action': action } });
      this.registerDomEvent(b, 'click', () => void this.guard(fn));
    };
    button('restore', this.spec.checkpoint ? 'Restore' : 'Reset', () => this.reset());
    button('step', 'Step', async () => (await this.ready()).step());
    button('all', 'All', async () => (await this.ready()).run());
    this.status = root.createDiv({ cls: 'flows-status-message' });
    this.queues = new QueuePanel(root);
    this.state = new StateTables(root);
    void this.guard(() => this.reset());
  }

  override onunload(): void {
    this.controller?.stop();
    this.controller = null;
  }

  private async ready(): Promise<RunController> {
    return this.controller ?? this.reset();
  }

  /** A fresh replay: new session over the overlay, checkpoint restored, events note appended. */
  private async reset(): Promise<RunController> {
    this.controller?.stop();
    this.controller = null;
    const drawing = resolveNotePath(this.app, this.spec.drawing, this.sourcePath);
    if (!drawing) throw new Error(`${this.sourcePath}: flow block names drawing "${this.spec.drawing}", which is not in the vault`);
    const c = await this.openController(drawing, new OverlayStore(new ObsVaultStore(this.app)));
    if (this.spec.checkpoint) {
      const checkpoint = resolveNotePath(this.app, this.spec.checkpoint, this.sourcePath);
      if (!checkpoint) throw new Error(`${this.sourcePath}: flow block names checkpoint "${this.spec.checkpoint}", which is not in the vault`);
      await c.restore(checkpoint);
    }
    if (this.spec.events) {
      const notePath = resolveNotePath(this.app, this.spec.events, this.sourcePath);
      if (!notePath) throw new Error(`${this.sourcePath}: flow block names events note "${this.spec.events}", which is not in the vault`);
      this.events = (await readEventsNote(this.app, notePath)).events;
      await c.injectAll(this.events);
    }
    this.controller = c;
    c.onChange(() => this.render());
    return c;
  }

  private async guard(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.render();
    } catch (err) {
      this.status.setText(userMessage(err));
      this.status.addClass('flows-error');
    }
  }

  private render(): void {
    const c = this.controller;
    if (!c) return;
    const s = c.snapshot();
    this.status.removeClass('flows-error');
    this.status.setText(`${s.message || 'Ready'} · ${s.processed} events processed`);
    this.queues.render(s);
    this.state.render(s);
  }
}
