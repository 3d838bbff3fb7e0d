import { understandDrawing } from '../../src/core/run/load-flow';
import { largeDrawing } from '../lib/drawings';
import { progress } from '../lib/progress';
import { benchVault, type BenchVault } from '../lib/session';
import { median, round, timeRepeated } from '../lib/stats';

interface ReadFigures { elements: number; file_bytes: number; nodes: number; edges: number; runs: number }

export interface ReadDrawingResult {
  read_5000_ms: number;
  read_5000: ReadFigures;
  read_50000_ms: number;
  read_50000: ReadFigures;
}

/**
 * Reads a generated drawing of `elements` elements from disk and understands it: file → scene →
 * graph, as `inspect` does. Median of `reps` after `warmup` unmeasured reads.
 */
async function timeReading(vault: BenchVault, elements: number, reps: number, warmup: number): Promise<{ ms: number; figures: ReadFigures }> {
  const text = largeDrawing(elements);
  const file = `large-${elements}.excalidraw.md`;
  await vault.store.writeAtomic(file, text);
  let last = await understandDrawing(vault.store, file);
  // Pipelines of queue → processor → sink: anything else means the reader misread the drawing.
  const pipelines = elements / 10;
  if (last.graph.nodes.length !== pipelines * 3 || last.graph.edges.length !== pipelines * 2) {
    throw new Error(`the ${elements}-element drawing was read as ${last.graph.nodes.length} nodes and ${last.graph.edges.length} edges, expected ${pipelines * 3} and ${pipelines * 2}`);
  }
  progress(`read_drawing: ${elements} elements (${Math.round(text.length / 1024)} KiB), ${reps} repetitions`);
  const times = await timeRepeated(reps, warmup, async () => {
    last = await understandDrawing(vault.store, file);
  });
  return {
    ms: round(median(times)),
    figures: { elements, file_bytes: Buffer.byteLength(text), nodes: last.graph.nodes.length, edges: last.graph.edges.length, runs: reps },
  };
}

/** The same drawing's shape at 5,000 and 50,000 elements: the second shows whether reading stays linear. */
export async function measureReadDrawing(quick: boolean): Promise<ReadDrawingResult> {
  const vault = await benchVault('read');
  try {
    const small = await timeReading(vault, 5000, quick ? 7 : 21, 3);
    const large = await timeReading(vault, 50_000, quick ? 3 : 7, 1);
    return { read_5000_ms: small.ms, read_5000: small.figures, read_50000_ms: large.ms, read_50000: large.figures };
  } finally {
    await vault.remove();
  }
}
