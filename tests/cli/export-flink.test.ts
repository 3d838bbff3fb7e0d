import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFlinkCommand } from '../../src/cli/commands/export-flink';
import { SEED, tempVault } from '../helpers/temp-vault';

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
});
