import type { App } from 'obsidian';
import { FlowInputError, type Diagnostic } from '../../core/diagnostics';
import { parseEventsText } from '../../core/events/events-note';
import type { EventSpec } from '../../core/graph/flow-graph';

/** The events of an events note (one per Markdown list item), read through the Vault API. */
export async function readEventsNote(app: App, path: string): Promise<{ events: EventSpec[]; diagnostics: Diagnostic[] }> {
  const file = app.vault.getFileByPath(path);
  if (!file) throw new FlowInputError(`${path}: events note not found`, path);
  const parsed = parseEventsText(await app.vault.cachedRead(file), path);
  if (parsed.events.length === 0) throw new FlowInputError(`${path}: no events (write one list item per event: "- A" or "- B: 3")`, path);
  return parsed;
}
