import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

/** queue (linked to [[orders]]) → count. */
function drawingLinkingTo(note: string): string {
  return JSON.stringify({
    type: 'excalidraw',
    version: 2,
    elements: [
      { id: 'queue', type: 'rectangle', x: 0, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, link: `[[${note}]]`, boundElements: [{ type: 'text', id: 'queueName' }] },
      { id: 'queueName', type: 'text', x: 10, y: 20, width: 60, height: 25, angle: 0, text: 'orders', originalText: 'orders', containerId: 'queue', isDeleted: false },
      { id: 'proc', type: 'rectangle', x: 400, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'procName' }] },
      { id: 'procName', type: 'text', x: 410, y: 20, width: 60, height: 25, angle: 0, text: 'count', originalText: 'count', containerId: 'proc', isDeleted: false },
      { id: 'qp', type: 'arrow', x: 204, y: 30, width: 192, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [192, 0]], startBinding: { elementId: 'queue', focus: 0, gap: 4 }, endBinding: { elementId: 'proc', focus: 0, gap: 4 }, endArrowhead: 'arrow' },
    ],
  });
}

describe('bad items in a linked events note', () => {
  it('flows run skips them with the promised warning naming the note and line, and counts the rest', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawingLinkingTo('orders'));
    await fs.writeFile(path.join(dir, 'orders.md'), '# Orders\n\n- k1\n- k2: 3x\n- k1 and some prose\n- k2: 3\n');
    const r = await runFlows(['run', 'flow.excalidraw', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'flows run: orders.md, line 4: warning: list item "k2: 3x" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER (one per item), or it is skipped',
      'flows run: orders.md, line 5: warning: list item "k1 and some prose" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER (one per item), or it is skipped',
    ]);
    expect(JSON.parse(r.stdout).state.count).toEqual({ k1: 1, k2: 1 });
  });
});
