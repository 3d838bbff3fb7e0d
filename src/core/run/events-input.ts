import { FlowInputError, formatDiagnostic, type Diagnostic } from '../diagnostics';
import { eventsNoteNotFound, eventsNoteTarget, parseEventsText } from '../events/events-note';
import type { EventSpec } from '../graph/flow-graph';
import type { PlanNode } from '../plan/plan';
import type { VaultStore } from '../ports';

/**
 * Events given on the command line (`--events <file>`): one per Markdown list item (`- A`,
 * `- B: 3`), as in an events note. Unlike a linked note, whose bad items are skipped with a
 * warning, a bad item here is an error naming the file and line: the person is right there.
 */
export function readEventsFile(text: string, file: string): EventSpec[] {
  const { events, diagnostics } = parseEventsText(text, file);
  if (diagnostics.length > 0) {
    // The note reader's words are for a linked note, whose bad items are skipped; here the whole file is refused.
    const first = diagnostics[0];
    const refused: Diagnostic = { ...first, severity: 'error', message: `${first.message.replace(/(?:;|,) or it is skipped$|; it is skipped$/, '')}; the file was not imported (fix that item, then run again)` };
    throw new FlowInputError(formatDiagnostic(refused).replace(': error: ', ': '), file, undefined, diagnostics);
  }
  return events;
}

/** Finds a linked note next to the drawing, then from the vault root, with or without `.md`. */
export async function resolveLinkedNote(store: VaultStore, drawingPath: string, link: string): Promise<string | null> {
  const target = eventsNoteTarget(link);
  if (!target) return null;
  const folder = drawingPath.includes('/') ? drawingPath.slice(0, drawingPath.lastIndexOf('/')) : '';
  const names = /\.md$/i.test(target) ? [target] : [`${target}.md`, target];
  const candidates = [...(folder ? names.map((n) => `${folder}/${n}`) : []), ...names];
  for (const c of candidates) if (await store.exists(c)) return c;
  return null;
}

/**
 * The events a source starts with: the ones drawn in it, then those of its linked events note.
 * A link to a note that is not there is a FlowInputError naming the drawing, the element and the link.
 */
export async function seedEvents(store: VaultStore, drawingPath: string, source: PlanNode): Promise<{ events: EventSpec[]; diagnostics: Diagnostic[] }> {
  if (!source.link || eventsNoteTarget(source.link) === null) return { events: source.events, diagnostics: [] };
  const notePath = await resolveLinkedNote(store, drawingPath, source.link);
  if (notePath === null) {
    const d = eventsNoteNotFound(drawingPath, source.id, source.name, source.link);
    throw new FlowInputError(formatDiagnostic(d), drawingPath, source.id, [d]);
  }
  const { events, diagnostics } = parseEventsText((await store.read(notePath)) ?? '', notePath);
  return { events: [...source.events, ...events], diagnostics };
}
