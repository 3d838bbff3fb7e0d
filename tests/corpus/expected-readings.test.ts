import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph/build-graph';
import { readScene } from '../../src/core/scene/read-scene';
import { readingOf } from './reading-lines';

/**
 * Each real drawing against the reading a person gave it after looking at the picture
 * (`flows inspect --svg`): tests/corpus/expected/<drawing>.json holds, for a drawing that depicts
 * a pipeline, its nodes (role, name, events or operation) and edges, and a review note saying
 * what was checked by eye; for one that does not, why not. A change in how any of them is read
 * fails here until the expected reading is reviewed again.
 */
const DIR = path.resolve(__dirname, '../fixtures/corpus');
const EXPECTED = path.resolve(__dirname, 'expected');
const FILES = readdirSync(DIR).filter((f) => !f.startsWith('SOURCES')).sort();

interface Expected {
  drawing: string;
  pipeline: boolean;
  review: string;
  nodes?: string[];
  edges?: string[];
}

const expectedOf = (file: string): Expected => JSON.parse(readFileSync(path.join(EXPECTED, `${file}.json`), 'utf8')) as Expected;
const graphOf = (file: string) => buildGraph(readScene(file, readFileSync(path.join(DIR, file), 'utf8')).scene);

describe('every corpus drawing reads as a person read it', () => {
  it('has one reviewed expected file per drawing, and no other', () => {
    expect(readdirSync(EXPECTED).filter((f) => f.endsWith('.json')).sort()).toEqual(FILES.map((f) => `${f}.json`));
    for (const f of FILES) expect(expectedOf(f).review.length).toBeGreaterThan(20);
  });

  it.each(FILES.filter((f) => expectedOf(f).pipeline))('%s: roles, names, events and edges as expected', (file) => {
    const expected = expectedOf(file);
    const actual = readingOf(graphOf(file));
    expect(actual.nodes.slice().sort()).toEqual(expected.nodes!.slice().sort());
    expect(actual.edges.slice().sort()).toEqual(expected.edges!.slice().sort());
  });

  it.each(FILES.filter((f) => !expectedOf(f).pipeline))('%s: no pipeline, and nothing invented (no events)', (file) => {
    const g = graphOf(file);
    expect(g.nodes.filter((n) => n.events.length > 0).map((n) => n.name)).toEqual([]);
  });
});
