import { understandDrawing } from '../../src/core/run/load-flow';
import { largeDrawing } from '../lib/drawings';
import { progress } from '../lib/progress';
import { benchVault } from '../lib/session';
import { median, round, timeRepeated } from '../lib/stats';

export interface ReadDrawingResult {
  read_5000_ms: number;
  read_5000: { elements: number; file_bytes: number; nodes: number; edges: number };
}

const ELEMENTS = 5000;

/** Reads a drawing of 5,000 elements from disk and understands it: file → scene → graph, as `inspect` does. */
export async function measureReadDrawing(quick: boolean): Promise<ReadDrawingResult> {
  const vault = await benchVault('read');
  try {
    const text = largeDrawing(ELEMENTS);
    const file = 'large.excalidraw.md';
    await vault.store.writeAtomic(file, text);
    let last = await understandDrawing(vault.store, file);
    // 500 pipelines of queue → processor → sink: anything else means the reader misread the drawing.
    const pipelines = ELEMENTS / 10;
    if (last.graph.nodes.length !== pipelines * 3 || last.graph.edges.length !== pipelines * 2) {
      throw new Error(`the ${ELEMENTS}-element drawing was read as ${last.graph.nodes.length} nodes and ${last.graph.edges.length} edges, expected ${pipelines * 3} and ${pipelines * 2}`);
    }
    const reps = quick ? 7 : 21;
    progress(`read_5000: ${ELEMENTS} elements (${Math.round(text.length / 1024)} KiB), ${reps} repetitions`);
    const times = await timeRepeated(reps, 3, async () => {
      last = await understandDrawing(vault.store, file);
    });
    return {
      read_5000_ms: round(median(times)),
      read_5000: { elements: ELEMENTS, file_bytes: Buffer.byteLength(text), nodes: last.graph.nodes.length, edges: last.graph.edges.length },
    };
  } finally {
    await vault.remove();
  }
}
