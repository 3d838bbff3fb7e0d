import type { RunSnapshot } from '../run/run-model';

export interface RunActions {
  run(): void;
  pause(): void;
  step(): void;
  inject(key: string, value: number, sourceId?: string): void;
  checkpointNow(): void;
  simulateCrash(): void;
  pickRestore(): void;
  setRate(eventsPerSecond: number): void;
}

/** Buttons for the run, the inject form (key, value) and the speed field. */
export class RunControls {
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly rateInput: HTMLInputElement;
  private readonly queueSelect: HTMLSelectElement;
  private queuesShown = '';

  constructor(parent: HTMLElement, actions: RunActions) {
    const root = parent.createDiv({ cls: 'flows-controls' });
    const row = root.createDiv({ cls: 'flows-controls-row' });
    const button = (name: string, text: string, onClick: () => void, cta = false): void => {
      const b = row.createEl('button', { text, cls: cta ? ['flows-btn', 'mod-cta'] : 'flows-btn', attr: { 'data-action': name } });
      b.addEventListener('click', onClick);
      this.buttons[name] = b;
    };
    button('run', 'Run', () => actions.run(), true);
    button('pause', 'Pause', () => actions.pause());
    button('step', 'Step', () => actions.step());
    button('checkpoint', 'Checkpoint now', () => actions.checkpointNow());
    button('crash', 'Simulate crash', () => actions.simulateCrash());
    button('restore', 'Restore…', () => actions.pickRestore());

    const inject = root.createEl('form', { cls: 'flows-inject' });
    // Only shown when the drawing has more than one queue.
    this.queueSelect = inject.createEl('select', { cls: 'flows-inject-queue flows-hidden', attr: { 'aria-label': 'Queue' } });
    const key = inject.createEl('input', { type: 'text', placeholder: 'Key', cls: 'flows-inject-key', attr: { 'aria-label': 'Event key' } });
    const value = inject.createEl('input', { type: 'number', value: '1', cls: 'flows-inject-value', attr: { 'aria-label': 'Event value', step: 'any' } });
    inject.createEl('button', { text: 'Inject', type: 'submit', cls: 'flows-btn', attr: { 'data-action': 'inject' } });
    inject.addEventListener('submit', (evt) => {
      evt.preventDefault();
      actions.inject(key.value, Number(value.value), this.queueSelect.value || undefined);
      key.value = '';
      key.focus();
    });

    const speed = root.createDiv({ cls: 'flows-speed' });
    speed.createSpan({ text: 'Speed (events/s, 0 = full speed)' });
    this.rateInput = speed.createEl('input', { type: 'number', value: '0', cls: 'flows-rate', attr: { min: '0', step: 'any', 'aria-label': 'Events per second' } });
    this.rateInput.addEventListener('change', () => actions.setRate(Number(this.rateInput.value)));
  }

  render(s: RunSnapshot): void {
    const running = s.status === 'running';
    this.buttons.run.disabled = running || (s.status === 'drained' && s.queues.every((q) => q.offset >= q.length));
    this.buttons.pause.disabled = !running;
    this.buttons.step.disabled = running;
    // The field's own document: in a popout window the global `document` is the main window's,
    // whose activeElement is never this field, so the value would be overwritten while typed.
    if (this.rateInput.ownerDocument.activeElement !== this.rateInput) this.rateInput.value = String(s.rate);
    const queues = s.queues.map((q) => `${q.id}:${q.name}`).join('|');
    if (queues !== this.queuesShown) {
      this.queuesShown = queues;
      this.queueSelect.empty();
      for (const q of s.queues) this.queueSelect.createEl('option', { text: q.name, value: q.id });
      this.queueSelect.toggleClass('flows-hidden', s.queues.length < 2);
    }
  }
}
