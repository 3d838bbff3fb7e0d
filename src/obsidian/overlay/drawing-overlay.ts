import type { App } from 'obsidian';
import type { Plan } from '../../core/plan/plan';
import { findDrawingView, type DrawingViewState } from '../live/excalidraw-automate';
import type { RunSnapshot } from '../run/run-model';
import { barrierMoves, eventMoves, launch, type Move } from './event-motion';
import type { DrawingReading } from './drawing-reading';
import { ElementFinder } from './element-finder';
import { badgeLabels, checkpointLabels, runLabels, type OverlayLabel } from './overlay-labels';
import { viewportOf } from './scene-transform';
import { diagnosticLabels, understoodLabels } from './understood-labels';
import { ViewBinding } from './view-binding';

/** How long a checkpoint's barrier badge stays on the drawing. */
const CHECKPOINT_SHOWN_MS = 1500;
/** While the overlay keeps failing, it tries again at most this often. */
const RETRY_MS = 500;

export interface OverlayOptions {
  /** Called once per distinct failure (the overlay goes on trying). */
  report(message: string): void;
  now?: () => number;
}

/**
 * Shows a run over its drawing without touching the scene: nothing is added to or changed in the
 * drawing, so nothing can be autosaved, undone or lost. Updates are coalesced to one per animation
 * frame of the drawing's own window; a frame with nothing new does no work. The view is looked up
 * again whenever it may have changed (opened, loaded, closed, reloaded), and any failure is caught,
 * reported once and retried.
 */
export class DrawingOverlay {
  private binding: ViewBinding | null = null;
  private latest: RunSnapshot | null = null;
  private previous: RunSnapshot | null = null;
  private annotations: readonly OverlayLabel[] = [];
  /** How the drawing was read (set once read): the "as understood" labels and the drawing's diagnostics. */
  private reading: { understood: OverlayLabel[]; diagnostics: DrawingReading['diagnostics']; finder: ElementFinder } | null = null;
  /** A badge shown for a while: a checkpoint taken, a checkpoint restored. */
  private checkpoint: { labels: OverlayLabel[]; until: number } | null = null;
  /** Events and barriers to send along the edges at the next frame. */
  private moves: Move[] = [];
  private frame: { cancel(): void } | null = null;
  private timer: { cancel(): void } | null = null;
  private retryAt = 0;
  private reported = new Set<string>();
  private closed = false;
  /** Why nothing is shown, when nothing is (for the run view's status). */
  state: DrawingViewState = 'closed';
  /** Frames drawn so far (at most one per animation frame, however fast the run goes). */
  frames = 0;

  constructor(
    private readonly app: App,
    readonly drawingPath: string,
    /** Null for a drawing that cannot run: only how it was understood and its diagnostics are shown. */
    private readonly plan: Plan | null,
    private readonly options: OverlayOptions,
  ) {}

  /** Finds the file's elements in the editor under the ids the Excalidraw plugin gave them (null until read). */
  get finder(): ElementFinder | null {
    return this.reading?.finder ?? null;
  }

  /** Whether this overlay shows a run (false: a drawing that cannot run). */
  get runnable(): boolean {
    return this.plan !== null;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** A new moment of the run. */
  show(s: RunSnapshot): void {
    if (!this.plan || this.closed) return;
    try {
      this.take(s, this.plan);
    } catch (err) {
      // The run goes on whatever the overlay makes of it; the next moment is shown afresh.
      this.fail(err);
      this.latest = s;
    }
    this.schedule();
  }

  private take(s: RunSnapshot, plan: Plan): void {
    const before = this.latest;
    const newest = s.checkpoints.at(-1);
    if (newest && before && !before.checkpoints.some((c) => c.id === newest.id)) {
      this.checkpoint = { labels: checkpointLabels(plan, newest.id, newest.kind), until: this.now() + CHECKPOINT_SHOWN_MS };
      this.moves.push(...barrierMoves(plan));
    }
    const restored = before && s.message !== before.message ? /^Restored checkpoint \d+/.exec(s.message) : null;
    if (restored) this.checkpoint = { labels: badgeLabels(plan, restored[0]), until: this.now() + CHECKPOINT_SHOWN_MS };
    this.moves.push(...eventMoves(plan, before, s));
    // "Changed" means changed by the last step that changed anything: a repeated snapshot keeps the marks.
    if (before && !sameState(before, s)) this.previous = before;
    this.latest = s;
  }

  /** The drawing as read: each node's role, name and events before the run starts, and each diagnostic at its element. */
  understand(reading: DrawingReading): void {
    try {
      this.reading = { understood: understoodLabels(reading.nodes), diagnostics: reading.diagnostics, finder: new ElementFinder(reading.elements) };
    } catch (err) {
      this.fail(err);
    }
    this.schedule();
  }

  /** Labels from outside the run (how the drawing was understood), shown with the run's. */
  annotate(labels: readonly OverlayLabel[]): void {
    this.annotations = labels;
    this.schedule();
  }

  /** Something in the workspace changed (a view opened, closed or loaded): look for the view again. */
  touch(): void {
    // A new view may be the cure for the last failure: try it at once rather than after the pause.
    if (this.retryAt > this.now()) {
      this.retryAt = 0;
      this.frame?.cancel();
      this.frame = null;
    }
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.frame?.cancel();
    this.frame = null;
    this.timer?.cancel();
    this.timer = null;
    this.binding?.detach();
    this.binding = null;
  }

  private schedule(): void {
    if (this.closed || this.frame) return;
    const win = this.binding?.layer.root.ownerDocument.defaultView ?? window;
    const wait = Math.max(0, this.retryAt - this.now());
    if (wait > 0) {
      const t = win.setTimeout(() => this.run(), wait);
      this.frame = { cancel: () => win.clearTimeout(t) };
      return;
    }
    const id = win.requestAnimationFrame(() => this.run());
    this.frame = { cancel: () => win.cancelAnimationFrame(id) };
  }

  private run(): void {
    this.frame = null;
    try {
      this.draw();
      this.retryAt = 0;
    } catch (err) {
      this.fail(err);
      // Start over with the view on the next try: it may have been reloaded under us.
      this.binding?.detach();
      this.binding = null;
      this.retryAt = this.now() + RETRY_MS;
      this.schedule();
    }
  }

  /** Says what went wrong, once per distinct message (the overlay keeps trying; a repeated Notice would only nag). */
  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (this.reported.has(message)) return;
    this.reported.add(message);
    try {
      this.options.report(`Could not show the run on ${this.drawingPath}: ${message}`);
    } catch {
      // Nowhere left to say it: the overlay still must not take the run down.
    }
  }

  private draw(): void {
    const binding = this.bind();
    if (!binding) return;
    this.frames++;
    const labels: OverlayLabel[] = [...this.annotations];
    if (this.reading) {
      if (!this.latest || notStarted(this.latest)) labels.push(...this.reading.understood);
      // The run's own list once there is one: it adds the events notes' and checkpoints' problems.
      labels.push(...diagnosticLabels(this.drawingPath, this.latest?.diagnostics ?? this.reading.diagnostics));
    }
    if (this.plan && this.latest) labels.push(...runLabels(this.plan, this.latest, this.previous, (id) => binding.textOf(id)));
    if (this.checkpoint) {
      if (this.checkpoint.until > this.now()) labels.push(...this.checkpoint.labels);
      else this.checkpoint = null;
    }
    const viewport = viewportOf(binding.api.getAppState());
    binding.layer.render(labels, viewport, (id) => binding.rectOf(id));
    for (const m of this.moves.splice(0)) {
      const from = binding.rectOf(m.from);
      const to = binding.rectOf(m.to);
      if (from && to) launch(binding.layer.root, m, from, to, viewport);
    }
    // The checkpoint badge goes by itself: one more frame when it is due.
    if (this.checkpoint) this.later(this.checkpoint.until - this.now());
  }

  /** One more frame after `ms`; an update before then draws at once as usual. */
  private later(ms: number): void {
    if (this.closed) return;
    this.timer?.cancel();
    const win = this.binding?.layer.root.ownerDocument.defaultView ?? window;
    const t = win.setTimeout(() => {
      this.timer = null;
      this.schedule();
    }, Math.max(0, ms));
    this.timer = { cancel: () => win.clearTimeout(t) };
  }

  /** The binding to the drawing's loaded view, made or remade when the view changed; null when not shown. */
  private bind(): ViewBinding | null {
    if (this.binding?.isCurrent()) return this.binding;
    this.binding?.detach();
    this.binding = null;
    const { view, state } = findDrawingView(this.app, this.drawingPath);
    this.state = state;
    if (!view?.excalidrawAPI) {
      // Nothing to show them on: travellers are of the moment, not kept for later.
      this.moves = [];
      // A view still loading gets no workspace event when its editor is ready: look again shortly.
      // A closed drawing or a background tab is looked for again when the workspace changes.
      if (state === 'loading') this.later(RETRY_MS);
      return null;
    }
    this.binding = new ViewBinding(view, view.excalidrawAPI, () => this.schedule(), () => this.reading?.finder ?? null);
    return this.binding;
  }
}

/** Nothing has run yet: the drawing is shown as understood. */
function notStarted(s: RunSnapshot): boolean {
  return s.status === 'ready' && s.processed === 0;
}

function sameState(a: RunSnapshot, b: RunSnapshot): boolean {
  if (a.processors.length !== b.processors.length) return false;
  return a.processors.every((p, i) => {
    const q = b.processors[i].entries;
    return p.entries.length === q.length && p.entries.every(([k, v], j) => q[j][0] === k && Object.is(q[j][1], v));
  });
}
