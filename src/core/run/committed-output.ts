/**
 * A sink note does not hold what the checkpoint being restored says it committed, or holds
 * rows after them that the tool cannot prove it wrote: the run stops before changing anything
 * (the command line exits 1), and the message says which note, what differs and what to do.
 */
export class CommittedOutputError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `${path}: ${problem}; the note was left as it is and the run stopped. Undo the change (or put the note back from a backup) and run again, ` +
        'or start a fresh run, which keeps this run\u2019s files under \u201cprevious runs\u201d',
    );
    this.name = 'CommittedOutputError';
  }
}

/**
 * What a checkpoint records of one changelog sink note: how many rows it had committed, the
 * digest of those rows (RowDigest over their lines), and the newest checkpoint that wrote one
 * of them. Rows after them carry a later checkpoint in their last column: that is what makes
 * them provably the tool's, and removable on restore.
 */
export interface SinkProof {
  rows: number;
  digest: string;
  epoch: number;
  /**
   * What the digest covers. `records`: each row without its checkpoint column, so the rows of a
   * checkpoint whose later rows were written again by a restore from an earlier one (the same
   * records, committed by other checkpoints) still match it. Absent (checkpoints written before
   * this field): each whole line.
   */
  of?: 'records';
}
