import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFlinkCommand } from '../../src/cli/commands/export-flink';
import { SEED, tempVault } from '../helpers/temp-vault';
import { countPipelineDrawing } from './pipeline-drawing';

/** Runs the command in-process, capturing its output (it is registered by the lead in commands/index.ts). */
async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await exportFlinkCommand.run(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('flows export-flink', () => {
  it('prints the script for the seed drawing', async () => {
    const dir = await tempVault({ 'seed.excalidraw.md': SEED });
    const r = await run(['seed.excalidraw.md', '--bootstrap-servers', 'kafka:9092', '--checkpoint-interval', '2s'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("SET 'execution.checkpointing.interval' = '2s';");
    expect(r.stdout).toContain("'properties.bootstrap.servers' = 'kafka:9092'");
    expect(r.stdout).toContain('INSERT INTO `processing_service_sink`');
  });

  it('writes --out and says how to submit it', async () => {
    const dir = await tempVault({ 'seed.excalidraw.md': SEED });
    const r = await run(['seed.excalidraw.md', '--out', 'job.sql', '--sink', 'jdbc'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('sql-client.sh -f job.sql');
    expect(await fs.readFile(path.join(dir, 'job.sql'), 'utf8')).toContain("'connector' = 'jdbc'");
  });

  it('refuses bad options as bad input', async () => {
    const dir = await tempVault({ 'seed.excalidraw.md': SEED });
    await expect(run(['seed.excalidraw.md', '--sink', 'kafka'], dir)).rejects.toThrow(/--sink must be upsert-kafka or jdbc/);
    await expect(run(['seed.excalidraw.md', '--checkpoint-interval', 'soon'], dir)).rejects.toThrow(/not a duration/);
  });

  it('exports a windowed drawing as a window function, warning once that Flink drops late events', async () => {
    const dir = await tempVault({});
    await fs.writeFile(path.join(dir, 'clicks.excalidraw'), countPipelineDrawing('count by ad per 1 min allow 5s late'));
    const r = await run(['clicks.excalidraw'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`event_time`), INTERVAL \'1\' MINUTE))');
    expect(r.stdout).toContain("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND");
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'clicks.excalidraw, element counter-late: warning: late sink "count by ad per 1 min allow 5s late late" is left out of the Flink job: Flink drops events that come after their window closed, where the engine sends them here',
    ]);
  });

  it('refuses a window it cannot write faithfully, writing nothing (exit 2)', async () => {
    const dir = await tempVault({});
    await fs.writeFile(path.join(dir, 'clicks.excalidraw'), countPipelineDrawing('count per 500ms'));
    const r = await run(['clicks.excalidraw', '--out', 'job.sql'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('clicks.excalidraw, element counter: error: "count per 500ms": a window of a fraction of a second');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('flows export-flink: clicks.excalidraw cannot be exported as it is drawn; nothing written');
    await expect(fs.access(path.join(dir, 'job.sql'))).rejects.toThrow();
  });
});
