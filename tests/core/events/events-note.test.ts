import { describe, expect, it } from 'vitest';
import { EventsNoteParser, MAX_EVENT_DIAGNOSTICS, eventsNoteNotFound, eventsNoteTarget, parseEventsText } from '../../../src/core/events/events-note';

const NOTE = [
  '---',
  'tags: [events]',
  'aliases:',
  '  - not an event',
  '---',
  '# Clicks today',
  '',
  'Some prose that is ignored.',
  '- A',
  '- B: 3',
  '* C=2',
  '+ D = -1.5',
  '1. E',
  '2) F:0',
  '  - G',
  '```',
  '- inside a code block, ignored',
  '```',
  '- not an event at all',
  '- H',
].join('\n');

describe('events note: one event per Markdown list item', () => {
  it('reads -, *, + and numbered items; skips frontmatter, prose and code; reports bad items with file and line', () => {
    const { events, diagnostics } = parseEventsText(NOTE, 'events/clicks.md');
    expect(events).toEqual([
      { key: 'A', value: 1 }, { key: 'B', value: 3 }, { key: 'C', value: 2 }, { key: 'D', value: -1.5 },
      { key: 'E', value: 1 }, { key: 'F', value: 0 }, { key: 'G', value: 1 }, { key: 'H', value: 1 },
    ]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'bad-event', file: 'events/clicks.md', line: 19 })]);
    expect(diagnostics[0].message).toMatch(/"not an event at all" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER/);
  });

  it('gives the same result fed one character at a time, with CRLF and no final newline', () => {
    const crlf = NOTE.replace(/\n/g, '\r\n');
    const parser = new EventsNoteParser('x.md');
    const events = [...crlf].flatMap((ch) => parser.push(ch));
    events.push(...parser.end());
    expect(events).toEqual(parseEventsText(NOTE, 'x.md').events);
    expect(parser.diagnostics.map((d) => d.line)).toEqual([19]);
  });

  it('returns events as lines complete, keeping only the unfinished line', () => {
    const parser = new EventsNoteParser('x.md');
    expect(parser.push('- A\n- B')).toEqual([{ key: 'A', value: 1 }]);
    expect(parser.push(':4\n')).toEqual([{ key: 'B', value: 4 }]);
    expect(parser.end()).toEqual([]);
  });

  it('parses a note of 1,000,000 items in chunks, keeping diagnostics bounded', () => {
    const parser = new EventsNoteParser('big.md');
    let count = 0;
    let sum = 0;
    const chunk = Array.from({ length: 10_000 }, (_, i) => (i % 1000 === 999 ? '- oops oops' : `- k${i % 7}: ${i % 3}`)).join('\n') + '\n';
    for (let i = 0; i < 100; i++) {
      for (const e of parser.push(chunk)) {
        count++;
        sum += e.value;
      }
    }
    parser.end();
    expect(count).toBe(999_000);
    expect(sum).toBeGreaterThan(0);
    const diagnostics = parser.diagnostics;
    expect(diagnostics).toHaveLength(MAX_EVENT_DIAGNOSTICS + 1);
    expect(diagnostics[0].line).toBe(1000);
    expect(diagnostics.at(-1)!.message).toBe(`${100 * 10 - MAX_EVENT_DIAGNOSTICS} more list items are not events (not shown)`);
  });

  it('finds the note a source links to', () => {
    expect(eventsNoteTarget('[[clicks today]]')).toBe('clicks today');
    expect(eventsNoteTarget('[[events/clicks.md|Clicks]]')).toBe('events/clicks.md');
    expect(eventsNoteTarget('[[clicks#Monday]]')).toBe('clicks');
    expect(eventsNoteTarget('https://example.com')).toBeNull();
    expect(eventsNoteTarget(undefined)).toBeNull();
  });

  it('says which queue links to a missing note and what to do', () => {
    expect(eventsNoteNotFound('flows/a.excalidraw.md', 'q1', 'clicks', '[[clicks today]]')).toEqual({
      severity: 'error', code: 'events-note-not-found', file: 'flows/a.excalidraw.md', elementId: 'q1',
      message: 'queue "clicks" links to the events note [[clicks today]], which is not in the vault; create the note (one event per list item: - A, - B: 3) or fix the link',
    });
  });
});
