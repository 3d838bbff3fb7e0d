import type { App } from 'obsidian';
import { capDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { buildGraph } from '../../core/graph/build-graph';
import type { FlowNode } from '../../core/graph/flow-graph';
import type { SceneElement } from '../../core/scene/scene';
import { readScene } from '../../core/scene/read-scene';

/**
 * The drawing as our reader understood it, from the file: the elements (to find them again in the
 * editor when the Excalidraw plugin has renamed their ids), the nodes (what the "as understood"
 * layer shows) and the diagnostics (shown at their elements). Read once, when the run view starts
 * showing the drawing, just after the run itself read it.
 */
export interface DrawingReading {
  elements: readonly SceneElement[];
  nodes: readonly FlowNode[];
  diagnostics: readonly Diagnostic[];
}

/** Null when the file is missing or is no readable drawing (the run view already says why). */
export async function readDrawing(app: App, drawingPath: string): Promise<DrawingReading | null> {
  try {
    const file = app.vault.getFileByPath(drawingPath);
    if (!file) return null;
    const { scene, diagnostics } = readScene(drawingPath, await app.vault.cachedRead(file));
    const graph = buildGraph(scene);
    return { elements: scene.elements, nodes: graph.nodes, diagnostics: [...diagnostics, ...graph.diagnostics].map(capDiagnostic) };
  } catch {
    // An unreadable file: its one line is in the run view; there is nothing to show on the drawing.
    return null;
  }
}
