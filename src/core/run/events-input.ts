import { FlowInputError } from '../diagnostics';
import type { EventSpec } from '../graph/flow-graph';
import { parseEventTokens } from '../graph/texts';
import type { PlanNode } from '../plan/plan';
import type { VaultStore } from '../ports';

/**
 * Reads events written as text (an events note linked from a queue, or an `--events` file):
 * `A B:2 C=3` tokens, any number per line; blank lines, headings, frontmatter, code-fence
 * markers and `- ` bullets are skipped. A line that is not events is an error naming the line.
 */
export function readEventsText(text: string, file: string): EventSpec[] {
  const out: EventSpec[] = [];
  const lines = text.split(/\r?\n/);
  let i = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, j) => j > 0 && l.trim() === '---');
    if (end > 0) i = end + 1;
  }
  for (; i < lines.length; i++) {
    const line = lines[i].trim().replace(/^[-*+]\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('```') || line.startsWith('%%')) continue;
    const events = parseEventTokens(line);
    if (!events) throw new FlowInputError(`${file}, line ${i + 1}: "${line.slice(0, 60)}" is not a list of events (write KEY or KEY:NUMBER)`, file);
    for (const e of events) out.push(e);
  }
  return out;
}

/** `[[folder/note|alias]]` → `folder/note`; null when the link is not a wiki link. */
function linkPath(link: string): string | null {
  const m = /\[\[([^\]|#^]+)(?:[#^|][^\]]*)?\]\]/.exec(link);
  return m ? m[1].trim() : null;
}

/** Finds a linked note next to the drawing, then from the vault root, with or without `.md`. */
export async function resolveLinkedNote(store: VaultStore, drawingPath: string, link: string): Promise<string | null> {
  const target = linkPath(link);
  if (!target) return null;
  const folder = drawingPath.includes('/') ? drawingPath.slice(0, drawingPath.lastIndexOf('/')) : '';
  const names = /\.[a-z0-9]+$/i.test(target) ? [target, `${target}.md`] : [`${target}.md`, target];
  const candidates = [...(folder ? names.map((n) => `${folder}/${n}`) : []), ...names];
  for (const c of candidates) if (await store.exists(c)) return c;
  return null;
}

/** The events a source starts with: the ones drawn in it, then those of its linked events note. */
export async function seedEvents(store: VaultStore, drawingPath: string, source: PlanNode): Promise<EventSpec[]> {
  if (!source.link || linkPath(source.link) === null) return source.events;
  const notePath = await resolveLinkedNote(store, drawingPath, source.link);
  if (notePath === null) {
    throw new FlowInputError(`${drawingPath}, element ${source.id}: queue "${source.name}" links to the events note ${source.link}, which does not exist in the vault`, drawingPath, source.id);
  }
  const text = (await store.read(notePath)) ?? '';
  return [...source.events, ...readEventsText(text, notePath)];
}
