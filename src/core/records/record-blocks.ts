import type { EventSpec } from '../graph/flow-graph';
import { bareValue, recordEvent, type FieldValue } from './record-text';

/**
 * Fenced blocks of records in an events note: ```csv (a header row, then one event per row)
 * and ```jsonl / ```ndjson / ```json (one JSON object per line). A `time` column or field is
 * the event's time, `value` its value (see record-text.ts). Rows are read one line at a time,
 * so a big block costs no more memory than a line.
 */
export interface RecordBlock {
  /** One line inside the block: an event, a problem to report, or null (a blank line, the header). */
  row(line: string): { event: EventSpec } | { problem: string } | null;
}

/** The reader for a fence's info string (`csv`, `jsonl`, …), or null: other blocks stay ignored. */
export function openRecordBlock(fenceLine: string): RecordBlock | null {
  const info = fenceLine.trim().replace(/^(`{3,}|~{3,})/, '').trim().split(' ')[0].toLowerCase();
  if (info === 'csv') return new CsvBlock();
  if (info === 'jsonl' || info === 'ndjson' || info === 'json') return new JsonLinesBlock();
  return null;
}

/** One CSV line's cells: commas split, `"…"` quotes (a doubled `""` is a quote). */
export function csvCells(line: string): string[] | null {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    if (line[i] === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += line[i++];
      }
      while (line[i] === ' ') i++;
      cells.push(text);
    } else {
      const from = i;
      while (i < line.length && line[i] !== ',') i++;
      cells.push(line.slice(from, i).trim());
    }
    if (i >= line.length) return cells;
    if (line[i] !== ',') return null;
    i++;
  }
}

class CsvBlock implements RecordBlock {
  private header: string[] | null = null;

  row(line: string): { event: EventSpec } | { problem: string } | null {
    if (line.trim() === '') return null;
    const cells = csvCells(line);
    if (!cells) return { problem: `CSV row "${line.trim()}" has an unclosed quote` };
    if (this.header === null) {
      if (cells.some((c) => c === '')) return { problem: 'the CSV header has an empty column name' };
      this.header = cells;
      return null;
    }
    if (cells.length !== this.header.length) return { problem: `CSV row "${line.trim()}" has ${cells.length} cells, the header ${this.header.length}` };
    const fields = Object.create(null) as Record<string, FieldValue>;
    this.header.forEach((name, k) => {
      if (cells[k] !== '') fields[name] = bareValue(cells[k]);
    });
    return recordEvent(fields, undefined);
  }
}

class JsonLinesBlock implements RecordBlock {
  row(line: string): { event: EventSpec } | { problem: string } | null {
    const text = line.trim();
    if (text === '' || text === '[' || text === ']') return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text);
    } catch {
      return { problem: `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}" is not a JSON object on one line` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'a JSON line must be an object ({"user": "u1", "ad": 7})' };
    const fields = Object.create(null) as Record<string, FieldValue>;
    for (const [k, v] of Object.entries(parsed)) {
      if (v === null) continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return { problem: `field "${k}" holds ${Array.isArray(v) ? 'a list' : 'an object'}; fields are text, numbers or true/false` };
      fields[k] = v;
    }
    return recordEvent(fields, undefined);
  }
}
