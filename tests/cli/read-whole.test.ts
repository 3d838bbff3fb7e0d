import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readWhole } from '../../src/cli/read-whole';

describe('readWhole', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'read-whole-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('gives the bytes readFile gives, for empty, tiny and larger-than-one-piece files', async () => {
    for (const size of [0, 1, 524_288, 524_289, 3_000_001]) {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
      const file = path.join(dir, `f${size}`);
      await fs.writeFile(file, bytes);
      const read = await readWhole(file);
      expect(read.length).toBe(size);
      expect(read.equals(await fs.readFile(file))).toBe(true);
    }
  });

  it('reads to the end of a file that grew after its size was taken', async () => {
    const file = path.join(dir, 'growing');
    await fs.writeFile(file, 'abc');
    // The stat says 1 byte, as if the file had grown since: the buffer must grow, not cut it.
    const open = fs.open.bind(fs);
    vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await open(...args);
      const stat = handle.stat.bind(handle);
      handle.stat = (async () => ({ ...(await stat()), size: 1 })) as typeof handle.stat;
      return handle;
    });
    expect((await readWhole(file)).toString()).toBe('abc');
  });

  it('rejects a missing file with ENOENT (the store reads that as "no such note")', async () => {
    await expect(readWhole(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
