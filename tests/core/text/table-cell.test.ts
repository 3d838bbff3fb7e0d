import { describe, expect, it } from 'vitest';
import { fromTableCell, toTableCell } from '../../../src/core/text/table-cell';

describe('a key in a table cell', () => {
  it('reads back exactly, and stays one cell of one line', () => {
    const keys = ['plain', 'a|b', 'back\\slash', 'two\nlines', 'cr\r\nlf', '\\n literally', '|', '\\', 'end\\', 'ü😀 | \\| x'];
    for (const key of keys) {
      const cell = toTableCell(key);
      expect(cell).not.toMatch(/[\r\n]/);
      expect(cell.replace(/\\./g, '')).not.toContain('|');
      expect(fromTableCell(cell)).toBe(key);
    }
  });

  it('leaves a key with nothing to escape as it is', () => {
    expect(toTableCell('k12345')).toBe('k12345');
    expect(fromTableCell('k12345')).toBe('k12345');
  });
});
