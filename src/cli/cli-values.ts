import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlowInputError } from '../core/diagnostics';
import type { EventSpec } from '../core/graph/flow-graph';
import { parseDurationMs } from '../core/graph/texts';
import type { Plan } from '../core/plan/plan';
import { readEventsFile } from '../core/run/events-input';

/** Option values checked up front: a bad one is one line and exit code 2, never a stack trace. */

export function positiveInteger(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new FlowInputError(`bad value for --${option}: "${raw}" (write a whole number of at least 1)`, '');
  return Number(raw);
}

export function positiveNumber(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new FlowInputError(`bad value for --${option}: "${raw}" (write a number above 0)`, '');
  return n;
}

export function duration(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ok = /^\s*\d+(?:\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\s*$/i.test(raw);
  const ms = ok ? parseDurationMs(raw) : null;
  if (ms === null || ms <= 0) throw new FlowInputError(`bad value for --${option}: "${raw}" (write a duration such as 500ms, 5s or 2m)`, '');
  return ms;
}

/**
 * `--events <file>` (the drawing's only queue) or `--events <queue name>=<file>`: reads each
 * file relative to `cwd` and groups its events by source id.
 */
export function eventsOptions(values: string[] | undefined, plan: Plan, cwd: string): Map<string, EventSpec[]> | undefined {
  if (!values || values.length === 0) return undefined;
  const sources = plan.nodes.filter((n) => n.role === 'source');
  const out = new Map<string, EventSpec[]>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const named = eq > 0 ? sources.find((s) => s.name === value.slice(0, eq) || s.id === value.slice(0, eq)) : undefined;
    const file = named ? value.slice(eq + 1) : value;
    const source = named ?? (sources.length === 1 ? sources[0] : undefined);
    if (!source) throw new FlowInputError(`--events ${value}: the drawing has ${sources.length} queues (${sources.map((s) => s.name).join(', ')}); write --events <queue name>=<file>`, plan.file);
    const abs = path.resolve(cwd, file);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new FlowInputError(`${file}: events file not found`, file);
    out.set(source.id, [...(out.get(source.id) ?? []), ...readEventsFile(readFileSync(abs, 'utf8'), file)]);
  }
  return out;
}

/** `--from <checkpoint note>`: a path on disk (relative to `cwd`) or vault-relative; returns the vault-relative path. */
export function checkpointNoteArg(raw: string, vaultRoot: string, cwd: string): string {
  const candidates = [path.resolve(cwd, raw), path.resolve(vaultRoot, raw)];
  const abs = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!abs) throw new FlowInputError(`${raw}: checkpoint note not found`, raw);
  const rel = path.relative(vaultRoot, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new FlowInputError(`${raw}: the checkpoint note is not inside the vault ${vaultRoot}`, raw);
  return rel.split(path.sep).join('/');
}
