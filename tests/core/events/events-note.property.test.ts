import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventsNoteParser, parseEventsText } from '../../../src/core/events/events-note';

const line = fc.oneof(fc.constantFrom('- A', '- B: 3', '* C=2', '1. D', '---', '```', '# h', '', '- bad item', '  - E:-1', '\r'), fc.string({ maxLength: 20 }));
const note = fc.array(line, { maxLength: 40 }).map((ls) => ls.join('\n'));

describe('events notes, any text and any chunking', () => {
  it('never throws, and splitting the text into chunks anywhere changes nothing', () => {
    fc.assert(
      fc.property(note, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const whole = parseEventsText(text, 'n.md');
        const parser = new EventsNoteParser('n.md');
        const events = [];
        let at = 0;
        for (const c of [...cuts.map((n) => n % (text.length + 1))].sort((a, b) => a - b)) {
          events.push(...parser.push(text.slice(at, c)));
          at = c;
        }
        events.push(...parser.push(text.slice(at)), ...parser.end());
        expect(events).toEqual(whole.events);
        expect(parser.diagnostics).toEqual(whole.diagnostics);
        for (const d of whole.diagnostics) expect(d.line).toBeGreaterThan(0);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
