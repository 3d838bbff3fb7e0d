/** What an `excalidraw-flows` code block asks for: a drawing, optionally a checkpoint to start from and an events note to replay. */
export interface FlowBlockSpec {
  drawing: string;
  checkpoint?: string;
  events?: string;
}

const KEYS = new Set(['drawing', 'checkpoint', 'events']);

/**
 * Reads an `excalidraw-flows` block: `key: value` lines (`drawing`, `checkpoint`, `events`), values as vault
 * paths or `[[links]]`. Returns the spec or one line saying what is wrong, with its line number.
 */
export function parseFlowBlock(source: string): { spec: FlowBlockSpec } | { error: string } {
  const found: Record<string, string> = {};
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    // `s`: `.` takes every character, so `(.*)$` always matches and nothing backtracks into `\s*`.
    const m = /^([A-Za-z]+)\s*:(.*)$/s.exec(line);
    if (!m) return { error: `line ${i + 1}: write "key: value" (drawing, checkpoint, events)` };
    const key = m[1].toLowerCase();
    if (!KEYS.has(key)) return { error: `line ${i + 1}: unknown key "${m[1]}" (use drawing, checkpoint, events)` };
    if (!m[2].trim()) return { error: `line ${i + 1}: "${key}" needs a value` };
    found[key] = m[2].trim();
  }
  if (!found.drawing) return { error: 'name the drawing to replay: "drawing: path/to/drawing.excalidraw.md"' };
  return { spec: { drawing: found.drawing, checkpoint: found.checkpoint, events: found.events } };
}
