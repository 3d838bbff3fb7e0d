import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlowInputError } from '../core/diagnostics';
import { NodeVaultStore } from './node-vault-store';

/**
 * Resolves the positional `<drawing>` and `--vault <dir>` into a vault store and the drawing's
 * vault-relative path. Every command takes exactly one drawing: a second one is refused rather
 * than silently ignored.
 */
export function resolveDrawing(positionals: readonly string[], vaultArg: string | undefined, cwd: string): { store: NodeVaultStore; drawingPath: string } {
  const [drawingArg, ...extra] = positionals;
  if (extra.length > 0) throw new FlowInputError(`unexpected argument "${extra[0]}": give one drawing (put options after it as --name value)`, extra[0]);
  if (!drawingArg) throw new FlowInputError('missing <drawing>: give the path of an .excalidraw.md, .excalidraw or .canvas file', '');
  const abs = path.resolve(cwd, drawingArg);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new FlowInputError(`${drawingArg}: file not found`, drawingArg);
  const vault = path.resolve(cwd, vaultArg ?? path.dirname(abs));
  if (vaultArg !== undefined && (!existsSync(vault) || !statSync(vault).isDirectory())) {
    throw new FlowInputError(`${vaultArg}: vault folder not found`, vaultArg);
  }
  const rel = path.relative(vault, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new FlowInputError(`${drawingArg}: the drawing is not inside the vault ${vaultArg}`, drawingArg);
  return { store: new NodeVaultStore(vault), drawingPath: rel.split(path.sep).join('/') };
}
