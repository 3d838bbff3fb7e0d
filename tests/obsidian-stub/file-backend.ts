/**
 * Where the stand-in vault keeps its files. Node tests use a real temporary folder
 * (node-backend.ts); browser tests reach the same kind of folder through Vitest's server
 * commands. Paths are vault-relative with `/`.
 */
export interface FileBackend {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
  /** Adds to the end of a file (creating it), as the OS does: no read of what is there. */
  append(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  /** Every file and folder under the root, recursively, folders marked. */
  scan(): Promise<{ path: string; folder: boolean }[]>;
}
