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

  it('refuses a windowed or field-keyed drawing with one line and writes nothing, rather than a plain per-key job', async () => {
    for (const [label, what] of [['count by ad per 1 min', 'a window'], ['count by ad', '"by ad"'], ['sum amount', 'the field "amount"']] as const) {
      const dir = await tempVault({});
      await fs.writeFile(path.join(dir, 'clicks.excalidraw'), countPipelineDrawing(label));
      const r = await run(['clicks.excalidraw', '--out', 'job.sql'], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([
        `flows export-flink: clicks.excalidraw, element counter: error: processor "${label}" uses ${what}, which the Flink export cannot translate yet; it would compute a plain per-key ${label.split(' ')[0]}; nothing written`,
      ]);
      await expect(fs.access(path.join(dir, 'job.sql'))).rejects.toThrow();
    }
  });
});
