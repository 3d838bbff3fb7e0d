import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlowsProcess } from '../helpers/run-cli';
import { tempVault } from '../helpers/temp-vault';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/*
 * The ad-click aggregator of examples/ (issue 17), run as the README says, by a real process in a
 * copy of the folder: clicks per ad per minute of event time, late clicks in their own sink, the
 * drawing's own KEY = NUMBER lines checked.
 */
describe('examples/ad-clicks.excalidraw.md', () => {
  it('runs to its drawn results: every minute closed at end of input, the two late clicks in the late sink', async () => {
    const dir = await tempVault({ 'ad-clicks.excalidraw.md': path.join(EXAMPLES, 'ad-clicks.excalidraw.md'), 'ad clicks.md': path.join(EXAMPLES, 'ad clicks.md') });
    const r = await runFlowsProcess(['run', 'ad-clicks.excalidraw.md', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { assertions: { key: string; expected: number; actual: number; ok: boolean }[]; sinks: Record<string, { key: string; value: number }[]>; state: Record<string, Record<string, number>> };
    expect(report.assertions.map((a) => `${a.key} = ${a.actual}`)).toEqual([
      '7 @12:00:00 = 3', '8 @12:00:00 = 3', '7 @12:01:00 = 2', '8 @12:01:00 = 1', '7 @12:02:00 = 1', '8 @12:02:00 = 1', 'late = 2',
    ]);
    expect(report.assertions.every((a) => a.ok)).toBe(true);
    expect(report.sinks['clicks per minute store']).toEqual([
      { key: '7 @12:00:00', value: 3 }, { key: '8 @12:00:00', value: 3 }, { key: '7 @12:01:00', value: 2 }, { key: '8 @12:01:00', value: 1 }, { key: '7 @12:02:00', value: 1 }, { key: '8 @12:02:00', value: 1 },
    ]);
    expect(report.sinks['late clicks store'].map((s) => s.key).sort()).toEqual(['{user: u2, ad: 8} @12:01:52', '{user: u6, ad: 7} @12:00:50']);
    // End of input closed every window: nothing is held open.
    expect(report.state['clicks per ad']).toEqual({});
  });

  it('exports to Flink SQL as a TUMBLE with a 10 s watermark, the late sink left out with a warning', async () => {
    const dir = await tempVault({ 'ad-clicks.excalidraw.md': path.join(EXAMPLES, 'ad-clicks.excalidraw.md'), 'ad clicks.md': path.join(EXAMPLES, 'ad clicks.md') });
    const r = await runFlowsProcess(['export-flink', 'ad-clicks.excalidraw.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("TABLE(TUMBLE(TABLE `ad_clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))");
    expect(r.stdout).toContain("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '10' SECOND");
    expect(r.stderr).toContain('warning: late sink "late clicks store" is left out of the Flink job');
  });
});
