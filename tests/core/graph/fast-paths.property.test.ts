import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SceneElement } from '../../../src/core/scene/scene';
import { ShapeIndex } from '../../../src/core/graph/spatial-index';
import { normaliseSpaces, parseCheckpointInterval } from '../../../src/core/graph/texts';
import { spacesNormal } from '../../../src/core/text/scan';

/*
 * The reader's shortcuts against the plain code they stand for: the same answer on any input.
 * Seeded, so a failure reproduces.
 */
const RUNS = { seed: 20261203, numRuns: 400 };

// Texts made of the characters the shortcuts look at: every kind of white space, letters, digits.
const piece = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', 'a', 'B', '5', 's', 'checkpoint', 'Interval', 'every', 'min', ':', '=');
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe('normaliseSpaces', () => {
  it('gives what replace(/\\s+/g, " ").trim() gives, and the same string when there is nothing to do', () => {
    fc.assert(fc.property(text, (s) => {
      const plain = s.replace(/\s+/g, ' ').trim();
      expect(normaliseSpaces(s)).toBe(plain);
      expect(spacesNormal(s)).toBe(plain === s);
    }), RUNS);
    expect(normaliseSpaces('count by key')).toBe('count by key');
    expect(normaliseSpaces(' count')).toBe('count');
    expect(normaliseSpaces('count ')).toBe('count');
    expect(normaliseSpaces('count\u00a0by')).toBe('count by');
  });

  it('parseCheckpointInterval reads the same as on the normalised text', () => {
    fc.assert(fc.property(text, (s) => {
      const t = s.replace(/\s+/g, ' ').trim();
      expect(parseCheckpointInterval(s)).toBe(parseCheckpointInterval(t));
    }), RUNS);
    expect(parseCheckpointInterval('checkpoint\n every  5 s')).toBe(5000);
  });
});

describe('ShapeIndex.at', () => {
  const rect = (i: number, x: number, y: number, w: number, h: number): SceneElement => ({ id: `s${i}`, type: 'rectangle', x, y, width: w, height: h, angle: 0 });
  const shape = fc.tuple(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }));
  // Some drawings hold a panel (a shape too large for the grid), which changes the path taken.
  const shapes = fc.tuple(fc.array(shape, { maxLength: 30 }), fc.boolean()).map(([list, panel]) => {
    const out = list.map(([x, y, w, h], i) => rect(i, x, y, w, h));
    if (panel) out.push(rect(out.length, -5000, -5000, 10000, 10000));
    return out;
  });

  it('returns the candidates and counts the work of query(x, y, x, y)', () => {
    fc.assert(fc.property(shapes, fc.integer({ min: -2500, max: 2500 }), fc.integer({ min: -2500, max: 2500 }), (list, x, y) => {
      const a = new ShapeIndex(list);
      const b = new ShapeIndex(list);
      const viaQuery = b.query(x, y, x, y).map((s) => s.id);
      expect(a.at(x, y).map((s) => s.id)).toEqual(viaQuery);
      expect(a.near(x, y, 0).map((s) => s.id)).toEqual(viaQuery);
      b.query(x, y, x, y);
      expect(a.work).toBe(b.work);
    }), RUNS);
  });
});
