import { capDiagnostic, FlowInputError, type Diagnostic } from '../diagnostics';
import { buildGraph } from '../graph/build-graph';
import type { FlowGraph } from '../graph/flow-graph';
import { compilePlan, type Plan } from '../plan/plan';
import type { VaultStore } from '../ports';
import { readScene } from '../scene/read-scene';
import type { Scene } from '../scene/scene';

export interface LoadedDrawing {
  graph: FlowGraph;
  diagnostics: Diagnostic[];
  /** The scene the graph was read from (`flows inspect --svg` draws it). */
  scene: Scene;
}

/** file → scene → graph: everything `inspect` shows, without refusing non-runnable drawings. */
export async function understandDrawing(store: VaultStore, drawingPath: string): Promise<LoadedDrawing> {
  const text = await store.read(drawingPath);
  if (text === null) throw new FlowInputError(`${drawingPath}: file not found`, drawingPath);
  const { scene, diagnostics: sceneDiagnostics } = readScene(drawingPath, text);
  const graph = buildGraph(scene);
  // Capped here, once for every host: a message quoting a 60 KB text is one short line.
  return { graph, diagnostics: [...sceneDiagnostics, ...graph.diagnostics].map(capDiagnostic), scene };
}

/** … → plan: refuses a drawing that cannot run, with a message naming file and element. */
export async function planDrawing(store: VaultStore, drawingPath: string): Promise<{ plan: Plan; graph: FlowGraph; diagnostics: Diagnostic[] }> {
  const { graph, diagnostics } = await understandDrawing(store, drawingPath);
  return { plan: compilePlan(graph), graph, diagnostics };
}
