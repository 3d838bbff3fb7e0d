import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A peer's result, written as our engine's ends: on disk and fsynced before the run counts as done.
 * One `key<TAB>count` line per key, the file flushed with fsync (as NodeVaultStore does before its
 * rename), so no peer is timed without paying for putting its answer somewhere durable.
 */
export async function writeCountsFsynced(file: string, counts: ReadonlyMap<string, number>): Promise<number> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const lines: string[] = [];
  for (const [k, n] of counts) lines.push(`${k}\t${n}`);
  const text = `${lines.join('\n')}\n`;
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return Buffer.byteLength(text);
}

/** Reads a file written by writeCountsFsynced (or by the Node-RED flows, same format) back into a Map. */
export async function readCounts(file: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await fs.readFile(file, 'utf8')).split('\n')) {
    if (line === '') continue;
    const tab = line.lastIndexOf('\t');
    out.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return out;
}
