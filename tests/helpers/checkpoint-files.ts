import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import type { CheckpointData } from '../../src/core/checkpoint/checkpoint-data';
import { frontmatterField } from '../../src/core/checkpoint/checkpoint-note';
import { CheckpointStore } from '../../src/core/checkpoint/checkpoint-store';
import { flowPaths } from '../../src/core/paths';
import { systemClock } from '../../src/core/ports';

/** Absolute paths of a checkpoint note's data files (note given absolute), in order. */
export async function dataFilesOf(noteFile: string): Promise<string[]> {
  const rel = JSON.parse(frontmatterField(await fs.readFile(noteFile, 'utf8'), 'data_files') ?? '[]') as string[];
  return rel.map((r) => path.join(path.dirname(noteFile), r));
}

/** Loads and verifies a checkpoint (vault-relative note path) as restore would, or throws with the problem. */
export async function loadCheckpoint(vault: string, notePath: string): Promise<CheckpointData> {
  const r = await new CheckpointStore(new NodeVaultStore(vault), flowPaths('Flows', 'flow.excalidraw.md'), systemClock).load(notePath);
  if (!r.ok) throw new Error(r.problem.message);
  return r.data;
}

/** Changes one base64 character in the middle of a data file's body (the bytes change, the digest does not). */
export async function damageDataFile(file: string): Promise<void> {
  const text = await fs.readFile(file, 'utf8');
  const start = text.indexOf('```flows-data\n') + 14;
  const end = text.lastIndexOf('\n```');
  const at = start + Math.floor((end - start) / 2);
  const c = text[at] === 'A' ? 'B' : 'A';
  await fs.writeFile(file, text.slice(0, at) + c + text.slice(at + 1));
}
