import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventsText } from '../../../src/core/events/events-note';
import { formatEventTime, parseEventTime } from '../../../src/core/records/event-time';
import { decodeRecordKey, formatRecordKey, parseRecordText, type FieldValue } from '../../../src/core/records/record-text';

describe('event times', () => {
  it.each([
    ['12:00:05', 43_205_000],
    ['9:30', 34_200_000],
    ['00:00:00.25', 250],
    ['1970-01-02T00:00:00Z', 86_400_000],
    ['2026-03-01 12:00:05', Date.UTC(2026, 2, 1, 12, 0, 5)],
    ['2026-03-01T12:00:05+01:00', Date.UTC(2026, 2, 1, 11, 0, 5)],
    ['1700000000000', 1_700_000_000_000],
    ['25:00', null],
    ['12:60', null],
    ['noon', null],
    ['', null],
  ])('%j → %j', (text, ms) => {
    expect(parseEventTime(text)).toBe(ms);
  });

  it('reads back every time it writes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 86_399_999 }), fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 })), (ms) => {
        expect(parseEventTime(formatEventTime(ms))).toBe(ms);
      }),
    );
  });
});

describe('record texts', () => {
  it('reads a record with fields and a time; the key is its canonical text, the value its value field', () => {
    expect(parseRecordText('{user: u1, ad: 7, value: 2.5} @12:00:05')).toEqual({ event: { key: '{user: u1, ad: 7} @12:00:05', value: 2.5 } });
    expect(parseRecordText('{ "user" : "u 1" ,ad=7}')).toEqual({ event: { key: '{user: u 1, ad: 7}', value: 1 } });
    expect(parseRecordText('{user: u1, time: 12:00:05}')).toEqual({ event: { key: '{user: u1} @12:00:05', value: 1 } });
  });

  it('reads a one-key event at a time, and leaves plain events and e-mail addresses alone', () => {
    expect(parseRecordText('A @12:00:05')).toEqual({ event: { key: 'A @12:00:05', value: 1 } });
    expect(parseRecordText('B: 3 @ 12:00:07')).toEqual({ event: { key: 'B @12:00:07', value: 3 } });
    expect(parseRecordText('A')).toBeNull();
    expect(parseRecordText('B:3')).toBeNull();
    expect(parseRecordText('a@b.com')).toBeNull();
  });

  it.each([
    ['{user: u1', /not closed/],
    ['{user}', /no value/],
    ['{a: 1, a: 2}', /twice/],
    ['{a: 1} extra', /text after/],
    ['A @noon', /not a time/],
    ['{value: x}', /value.*number/],
  ])('%j is no record: %s', (text, problem) => {
    const r = parseRecordText(text);
    expect(r && 'problem' in r ? r.problem : '').toMatch(problem);
  });

  it('decodes what it encodes: fields, their types and order, and the time', () => {
    const name = fc.string({ minLength: 1, maxLength: 6 }).filter((n) => n !== 'value' && n !== 'time' && n.trim() !== '');
    const value: fc.Arbitrary<FieldValue> = fc.oneof(fc.string({ maxLength: 8 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 4 }), fc.option(fc.integer({ min: 0, max: 86_399_999 }), { nil: undefined }), (fields, time) => {
        const clean = Object.fromEntries(Object.entries(fields)) as Record<string, FieldValue>;
        const key = formatRecordKey(clean, time);
        const back = decodeRecordKey(key);
        expect(back?.time).toBe(time);
        expect(Object.entries(back?.fields ?? {})).toEqual(Object.entries(clean));
        // Read again as drawn text: the same event.
        expect(parseRecordText(key)).toEqual({ event: { key, value: 1 } });
      }),
      { numRuns: 500 },
    );
  });

  it('groups a record by its key field, else by its text without the time', () => {
    expect(decodeRecordKey('{key: u1, ad: 7} @12:00:00')?.key).toBe('u1');
    expect(decodeRecordKey('{ad: 7} @12:00:00')?.key).toBe('{ad: 7}');
    expect(decodeRecordKey('A @12:00:00')).toEqual({ key: 'A', fields: null, time: 43_200_000 });
    expect(decodeRecordKey('A')).toBeNull();
    expect(decodeRecordKey('{x}')).toBeNull();
  });
});

describe('events notes with records', () => {
  it('reads list items, a CSV block and JSON lines, in order', () => {
    const note = [
      '# clicks',
      '- A',
      '- {user: u1, ad: 7} @12:00:05',
      '```csv',
      'user, ad, time',
      'u2, 7, 12:00:06',
      '"u,3", 8, 12:00:07',
      '```',
      '```jsonl',
      '{"user": "u4", "ad": 9, "time": "12:00:08", "value": 2}',
      '```',
      '```js',
      'not events',
      '```',
    ].join('\n');
    const { events, diagnostics } = parseEventsText(note, 'clicks.md');
    expect(diagnostics).toEqual([]);
    expect(events).toEqual([
      { key: 'A', value: 1 },
      { key: '{user: u1, ad: 7} @12:00:05', value: 1 },
      { key: '{user: u2, ad: 7} @12:00:06', value: 1 },
      { key: '{user: "u,3", ad: 8} @12:00:07', value: 1 },
      { key: '{user: u4, ad: 9} @12:00:08', value: 2 },
    ]);
  });

  it('reports a bad row naming the line, and keeps the others', () => {
    const { events, diagnostics } = parseEventsText('```csv\nuser,ad\nu1,7\nu2\n```\n- {ad: 7, u: 1\n', 'x.md');
    expect(events).toHaveLength(1);
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [4, expect.stringMatching(/1 cells, the header 2/)],
      [6, expect.stringMatching(/not closed/)],
    ]);
  });
});
