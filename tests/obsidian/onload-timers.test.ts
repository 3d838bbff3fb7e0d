import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPlugin } from '../helpers/obsidian-host';
import { SEED, tempVault } from '../helpers/temp-vault';

/**
 * `onload` runs at every start of Obsidian, whether or not a flow is ever run: it must start no
 * timer (a repeating one kept the benchmark's onload child alive forever, and in Obsidian it is
 * work done for nothing). Timers belong to the run that needs them.
 */
describe('onload', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts no interval and no timeout', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const { plugin } = await loadPlugin(dir);
    expect(intervals).not.toHaveBeenCalled();
    expect(timeouts).not.toHaveBeenCalled();
    expect(plugin.settings).toBeDefined();
  });
});
