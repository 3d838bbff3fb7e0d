import { promises as fs } from 'node:fs';

/**
 * A file's bytes in as few trips to libuv's thread pool as the file allows: open, stat, one read
 * of the size it has (plus one byte), one read that meets the end, close. fs.promises.readFile
 * reads in 512 KiB pieces, so a 2.7 MB drawing took nine trips, each a wait for a thread and a
 * wake-up of this one; on a loaded machine those waits were most of reading it. A file that grew
 * since the stat is still read to its end: the buffer grows until a read returns nothing.
 */
export async function readWhole(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    let buf = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buf.subarray(0, length);
  } finally {
    await handle.close();
  }
}
