import { promises as fs } from 'node:fs';
import path from 'node:path';
import { countPipelineDrawing } from '../cli/pipeline-drawing';
import { tempVault } from './temp-vault';

export const BRIDGE_DRAWING = 'orders.excalidraw';

/**
 * A vault whose queue has events from all three places `flows push` reads: drawn in the box
 * (`A B:2`), in the events note it links to, and in `extra.md`, which `flows run --events`
 * appends to the queue log. Keys with a pipe and an accent test the escaping.
 */
export async function bridgeVault(): Promise<string> {
  const dir = await tempVault();
  const scene = JSON.parse(countPipelineDrawing()) as { elements: Array<Record<string, unknown>> };
  for (const e of scene.elements) {
    if (e.id === 'orders') e.link = '[[orders events]]';
    if (e.id === 'orders-label') e.text = 'orders\nA B:2';
  }
  await fs.writeFile(path.join(dir, BRIDGE_DRAWING), JSON.stringify(scene));
  await fs.writeFile(path.join(dir, 'orders events.md'), '# Orders\n\n- C: 3\n- A\n- x|y\n- café\n');
  await fs.writeFile(path.join(dir, 'extra.md'), '- B\n- A: 5\n- D: -1.5\n');
  return dir;
}
