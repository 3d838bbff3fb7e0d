import { promises as fsp } from 'node:fs';

/**
 * Makes the real file system refuse writes, the way a full disk or a locked folder does, for
 * files whose path contains `match`. ENOSPC lets half the bytes through and then fails (what a
 * full disk does to a write in progress); EACCES fails at open, before anything is written.
 * Patches `fs.promises`, which NodeVaultStore calls at write time, so the code under test is
 * the real one. Returns the function that undoes it.
 */
export interface WriteFault {
  code: 'ENOSPC' | 'EACCES';
  /** Substring of the absolute path (a temporary file's name contains its target's). */
  match: string;
  /** Let this many matching writes succeed first (default 0). */
  skip?: number;
}

function errno(code: WriteFault['code'], syscall: string, file: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'permission denied';
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${file}'`), { code, errno: code === 'ENOSPC' ? -28 : -13, syscall, path: file });
}

const half = (data: unknown): string => {
  const s = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
  return s.slice(0, Math.floor(s.length / 2));
};

export function installWriteFaults(fault: WriteFault): () => void {
  const realOpen = fsp.open;
  const realAppend = fsp.appendFile;
  let skip = fault.skip ?? 0;
  const hits = (file: unknown): boolean => String(file).includes(fault.match) && skip-- <= 0;
  const writing = (flags: unknown): boolean => typeof flags === 'string' && /[wa+]/.test(flags);

  const open = async (...args: Parameters<typeof fsp.open>): ReturnType<typeof fsp.open> => {
    const [file, flags] = args;
    // Reads open files too (NodeVaultStore's readWhole): only opens for writing count towards `skip`.
    if (!writing(flags) || !hits(file)) return realOpen(...args);
    if (fault.code === 'EACCES') throw errno('EACCES', 'open', String(file));
    const handle = await realOpen(...args);
    const realWriteFile = handle.writeFile.bind(handle);
    handle.writeFile = async (data: Parameters<typeof handle.writeFile>[0]) => {
      await realWriteFile(half(data), 'utf8');
      throw errno('ENOSPC', 'write', String(file));
    };
    return handle;
  };
  const appendFile = async (...args: Parameters<typeof fsp.appendFile>): Promise<void> => {
    const [file, data] = args;
    if (!hits(file)) return realAppend(...args);
    const name = typeof file === 'string' ? file : 'a file';
    if (fault.code === 'EACCES') throw errno('EACCES', 'open', name);
    await realAppend(file, half(data), 'utf8');
    throw errno('ENOSPC', 'write', name);
  };
  (fsp as { open: unknown }).open = open;
  (fsp as { appendFile: unknown }).appendFile = appendFile;
  return () => {
    (fsp as { open: unknown }).open = realOpen;
    (fsp as { appendFile: unknown }).appendFile = realAppend;
  };
}
