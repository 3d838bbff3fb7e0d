import type { CheckpointData, CheckpointInfo } from '../checkpoint/checkpoint-data';
import type { CheckpointStore, ListedCheckpoint } from '../checkpoint/checkpoint-store';
import { FlowInputError } from '../diagnostics';
import type { PreviousRuns } from './previous-runs';

/** What a chosen checkpoint is restored from: its chain (base, then deltas) and whether newer checkpoints exist. */
export interface ChosenCheckpoint {
  chain: CheckpointData[];
  info: CheckpointInfo;
  newerExist: boolean;
}

/**
 * Which checkpoints a person may go back to, and why not the others: every refusal is a
 * FlowInputError naming the note, raised before the session writes anything.
 */
export class RestoreChoice {
  constructor(
    private readonly checkpoints: CheckpointStore,
    private readonly previousRuns: PreviousRuns,
  ) {}

  /** A checkpoint of a run that a killed fresh start was moving aside (previous-runs.ts) is refused first, before the queues are reloaded. */
  async refuseMovedAside(checkpointPath: string): Promise<void> {
    const movedAside = await this.previousRuns.restoreRefusal(checkpointPath);
    if (movedAside) throw new FlowInputError(movedAside, checkpointPath);
  }

  /**
   * Loads `checkpointPath`'s chain, refused when it is broken or foreign, when the queues as they
   * are cannot replay it (`refusal`), or when a later restore left it behind (its committed output is gone).
   */
  async load(checkpointPath: string, queues: { refusal(data: CheckpointData): string | null }): Promise<ChosenCheckpoint> {
    const r = await this.checkpoints.loadChain(checkpointPath);
    if (!r.ok) throw new FlowInputError(r.problem.message, checkpointPath);
    const refused = queues.refusal(r.chain[r.chain.length - 1]);
    if (refused) throw new FlowInputError(`${checkpointPath}: ${refused}`, checkpointPath);
    const behind = await this.checkpoints.leftBehindBy(r.info.id);
    if (behind) {
      const { copy, restoredFrom: from } = behind;
      throw new FlowInputError(
        `${checkpointPath}: checkpoint ${r.info.id} was left behind when checkpoint ${copy} went back to checkpoint ${from}, and the output it committed after checkpoint ${from} was removed then; restore checkpoint ${from} or an earlier one, or checkpoint ${copy} or a later one`,
        checkpointPath,
      );
    }
    return { chain: r.chain, info: r.info, newerExist: r.info.id < (await this.checkpoints.nextId()) - 1 };
  }

  /**
   * Every checkpoint note of the drawing with whether it can be restored; not those of a run a
   * fresh start was moving aside when it was killed (restoring them is refused; the move ends at the next start).
   */
  async list(): Promise<ListedCheckpoint[]> {
    const moving = await this.previousRuns.moving();
    return (await this.checkpoints.list()).filter((c) => !moving.has(c.path));
  }
}
