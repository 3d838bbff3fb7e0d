import { isOwnTempFile, joinPath, type FlowPaths } from '../paths';
import type { Clock, VaultStore } from '../ports';

const RUN_NOTE = /(?:^|\/)run-(\d{4,})\.md$/;
const FRONT_RUN = /^run: (.*)$/m;
const CHECKPOINT_NOTE = /\/checkpoint-\d+\.md$/;
// A checkpoint's data files (docs/checkpoint-format.md) move with its note, keeping their place beside it.
const CHECKPOINT_DATA = /\/checkpoint-\d+\.data(?:-\d+)?\.md$/;
// Sink and queue notes this tool wrote say so in their frontmatter; 0.1 sink notes start with their title.
const OWN_NOTE = /^tags: \[flows\/(?:sink|queue)\]\r?$/m;
const SEGMENT_FILE = /\.segments\/seg-\d{12}\.md$/;

/**
 * A path the note of a move lists that may be moved: inside the run's own folders (a hidden
 * data folder below them included), never climbing out. The list is in a note a person can edit.
 */
function isRunFile(f: string): boolean {
  return /^(?:checkpoints|sinks|queues)\/[^`]+\.md$/.test(f) && !f.split('/').some((part) => part === '..' || part === '.' || part === '');
}

/** The run named in a note's frontmatter (checkpoint, queue and sink notes all carry one), or null. */
function runOf(text: string): string | null {
  const m = FRONT_RUN.exec(text.slice(0, 4096).replace(/\r/g, ''));
  if (!m) return null;
  try {
    return String(JSON.parse(m[1]));
  } catch {
    return m[1].trim();
  }
}

/**
 * A fresh run never destroys the run before it: every note that run wrote (its checkpoints,
 * sink notes, queue notes) is moved to `previous runs/run-NNNN/`, beside a note
 * `previous runs/run-NNNN.md` that says what it is. The move is a copy, then the removal of
 * each original that is byte for byte its copy; the note is written first (`state: moving`), so
 * a move cut short by a kill is finished by the next start or resume, never half left.
 */
export class PreviousRuns {
  readonly folder: string;

  constructor(
    private readonly store: VaultStore,
    private readonly paths: FlowPaths,
    private readonly clock: Clock,
  ) {
    this.folder = joinPath(paths.root, 'previous runs');
  }

  /**
   * The run's own notes in the drawing's flows folder, as paths relative to it: checkpoint
   * notes by name, sink and queue notes by what they say they are. Anything else a person put
   * there stays where it is.
   */
  private async runFiles(): Promise<string[]> {
    const out: string[] = [];
    for (const f of await this.store.list(this.paths.checkpoints)) if (CHECKPOINT_NOTE.test(f) || CHECKPOINT_DATA.test(f)) out.push(f);
    if (this.paths.checkpointData !== this.paths.checkpoints) for (const f of await this.store.list(this.paths.checkpointData)) if (CHECKPOINT_DATA.test(f)) out.push(f);
    for (const sub of [this.paths.sinks, this.paths.queues]) {
      for (const f of await this.store.list(sub)) {
        if (!f.endsWith('.md') || isOwnTempFile(f)) continue;
        const head = ((await this.store.read(f)) ?? '').slice(0, 4096);
        if (!OWN_NOTE.test(head) && !head.startsWith('# Output of ')) continue;
        out.push(f);
        // A queue's segment files (queue-segment.ts) move with its note, in either data folder (the setting may have changed).
        if (sub === this.paths.queues) {
          const segFolder = `${(f.split('/').pop() ?? f).replace(/\.md$/, '')}.segments`;
          for (const folder of [joinPath(sub, segFolder), joinPath(sub, '.data', segFolder)]) for (const seg of await this.store.list(folder)) if (SEGMENT_FILE.test(seg)) out.push(seg);
        }
      }
    }
    return out.map((f) => f.slice(this.paths.root.length + 1));
  }

  /**
   * The folders a move writes into: each moved run's copies of the run's own folders (a kill
   * during a move can leave a temporary file of an atomic write there).
   */
  async folders(): Promise<string[]> {
    const subs = [this.paths.checkpoints, this.paths.checkpointData, this.paths.sinks, this.paths.queues].map((p) => p.slice(this.paths.root.length + 1));
    const runs = (await this.store.list(this.folder)).map((f) => RUN_NOTE.exec(f)).filter((m) => m !== null);
    return runs.flatMap((m) => [...new Set(subs)].map((sub) => joinPath(this.folder, `run-${m[1]}`, sub)));
  }

  /** The number the next run moved aside gets (1 when none was). */
  async nextNumber(): Promise<number> {
    const numbers = (await this.store.list(this.folder)).map((f) => RUN_NOTE.exec(f)).filter((m) => m !== null).map((m) => Number(m[1]));
    return Math.max(0, ...numbers) + 1;
  }

  /** Moves the current run's notes aside; returns the note describing it, or null when there was nothing. */
  async moveAside(): Promise<string | null> {
    await this.finishPending();
    const files = await this.runFiles();
    if (files.length === 0) return null;
    const name = `run-${String(await this.nextNumber()).padStart(4, '0')}`;
    let run: string | null = null;
    for (const f of files) if (run === null) run = runOf((await this.store.read(joinPath(this.paths.root, f))) ?? '');
    const note = joinPath(this.folder, `${name}.md`);
    await this.store.writeAtomic(note, this.describe(name, run, files, 'moving'));
    await this.move(name, files);
    await this.store.writeAtomic(note, this.describe(name, run, files, 'moved'));
    return note;
  }

  /** Vault paths of the files a move cut short is still to take away (their notes say `state: moving`). */
  async moving(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const note of await this.store.list(this.folder)) {
      if (!RUN_NOTE.test(note)) continue;
      const text = (await this.store.read(note)) ?? '';
      if (/^state: moving$/m.test(text)) for (const f of text.matchAll(/^- `([^`]+)`$/gm)) out.add(joinPath(this.paths.root, f[1]));
    }
    return out;
  }

  /**
   * The move that holds `vaultPath` (a file of the run's own folders): the note of the move, the
   * path of its copy, and whether the move is still under way (a kill cut it short) or done.
   */
  async moveOf(vaultPath: string): Promise<{ note: string; copy: string; state: 'moving' | 'moved' } | null> {
    if (!vaultPath.startsWith(`${this.paths.root}/`)) return null;
    const rel = vaultPath.slice(this.paths.root.length + 1);
    const notes = (await this.store.list(this.folder)).filter((n) => RUN_NOTE.test(n)).sort();
    // The newest move first: a name a later run wrote again was moved by the later move.
    for (const note of notes.reverse()) {
      const text = (await this.store.read(note)) ?? '';
      if (![...text.matchAll(/^- `([^`]+)`$/gm)].some((f) => f[1] === rel)) continue;
      const name = `run-${RUN_NOTE.exec(note)![1]}`;
      return { note, copy: joinPath(this.folder, name, rel), state: /^state: moving$/m.test(text) ? 'moving' : 'moved' };
    }
    return null;
  }

  /**
   * Why `checkpointPath` may not be restored, or null: it is a checkpoint of a run that a fresh
   * start began to move aside (a kill cut the move short, so the note may still be in place:
   * finishing the move would take it away mid-restore), or moved aside for good. Undoing a
   * move is a person's choice; the message says where the copy is.
   */
  async restoreRefusal(checkpointPath: string): Promise<string | null> {
    const move = await this.moveOf(checkpointPath);
    if (move === null) return null;
    const undo = 'to go back to that run, move its folders back in place of the current ones';
    if (move.state === 'moving') return `${checkpointPath}: this checkpoint belongs to the run that a fresh start began to move aside to ${move.copy} (the move was cut short; starting or resuming a run finishes it); ${undo}`;
    if (await this.store.exists(checkpointPath)) return null;
    return `${checkpointPath}: this checkpoint was moved aside with the run before the current one, to ${move.copy}; ${undo}`;
  }

  /** Finishes a move a kill cut short (its note still says `moving`). */
  async finishPending(): Promise<void> {
    for (const note of await this.store.list(this.folder)) {
      const m = RUN_NOTE.exec(note);
      if (!m) continue;
      const text = (await this.store.read(note)) ?? '';
      if (!/^state: moving$/m.test(text)) continue;
      const files = [...text.matchAll(/^- `([^`]+)`$/gm)].map((f) => f[1]).filter(isRunFile);
      const name = `run-${m[1]}`;
      await this.move(name, files);
      await this.store.writeAtomic(note, text.replace(/^state: moving$/m, 'state: moved'));
    }
  }

  /** Copies each file into the run's folder, then removes each original that its copy matches exactly. */
  private async move(name: string, files: string[]): Promise<void> {
    for (const f of files) {
      const from = joinPath(this.paths.root, f);
      const to = joinPath(this.folder, name, f);
      const text = await this.store.read(from);
      if (text !== null && !(await this.store.exists(to))) await this.store.writeAtomic(to, text);
    }
    for (const f of files) {
      const from = joinPath(this.paths.root, f);
      const text = await this.store.read(from);
      // Only an original whose copy is byte for byte the same goes: nothing is lost on a guess.
      if (text !== null && (await this.store.read(joinPath(this.folder, name, f))) === text) await this.store.remove(from);
    }
  }

  private describe(name: string, run: string | null, files: string[], state: 'moving' | 'moved'): string {
    const when = new Date(this.clock.now()).toISOString();
    return [
      '---',
      `state: ${state}`,
      ...(run === null ? [] : [`run: ${JSON.stringify(run)}`]),
      `moved: ${JSON.stringify(when)}`,
      'tags: [flows/previous-run]',
      '---',
      '',
      `# Previous run ${name.slice(4)}`,
      '',
      `A fresh run started on ${when} and moved the notes of the run before it here, in \`${name}/\`, so that its output is kept.`,
      'They are no longer restored or resumed; to go back to that run, move its folders back in place of the current ones.',
      '',
      ...files.map((f) => `- \`${f}\``),
      '',
    ].join('\n');
  }
}
