import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
export const SEED = path.join(FIXTURES, 'seed', 'checkpointing.excalidraw.md');

/** A fresh real folder on disk, optionally with files copied in (`{ 'a/b.md': '/abs/source' }`). */
export async function tempVault(files: Record<string, string> = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flows-test-'));
  for (const [rel, src] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.copyFile(src, path.join(dir, rel));
  }
  return dir;
}

/** Every file under `dir`, vault-relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk('');
  return out.sort();
}

/** A clock that only moves when told: runs become byte-for-byte reproducible. */
export function fixedClock(start = Date.parse('2026-01-02T03:04:05.000Z')): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export const instantScheduler = { yieldNow: () => Promise.resolve(), sleep: () => Promise.resolve() };
