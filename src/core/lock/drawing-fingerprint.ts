import { sha256Hex } from '../checkpoint/checksum';
import type { VaultStore } from '../ports';

/** SHA-256 of the drawing's text, or `missing` when the file is gone. */
export async function drawingFingerprint(store: VaultStore, drawingPath: string): Promise<string> {
  const text = await store.read(drawingPath);
  return text === null ? 'missing' : `sha256:${await sha256Hex(text)}`;
}

/**
 * Notices a drawing edited while it runs. The run keeps the graph it was started with (it never
 * re-reads the drawing mid-run); at the end it says so, so the person knows the edit is not in
 * this result. Take the fingerprint *before* reading the drawing for the plan: an edit that
 * slips in between is then reported too, never missed.
 */
export class DrawingChangeWatch {
  private constructor(
    private readonly store: VaultStore,
    readonly drawingPath: string,
    readonly atStart: string,
  ) {}

  static async start(store: VaultStore, drawingPath: string): Promise<DrawingChangeWatch> {
    return new DrawingChangeWatch(store, drawingPath, await drawingFingerprint(store, drawingPath));
  }

  /** A one-line notice when the drawing differs from when the run started, else null. */
  async changeNotice(): Promise<string | null> {
    const now = await drawingFingerprint(this.store, this.drawingPath);
    if (now === this.atStart) return null;
    const what = now === 'missing' ? 'was deleted or renamed' : 'was edited';
    return `${this.drawingPath} ${what} while it ran; this run used the drawing as it was when it started — run it again to use the changes`;
  }
}
