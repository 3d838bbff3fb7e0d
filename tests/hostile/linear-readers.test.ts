import { readdirSync, readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parseCheckpointNote } from '../../src/core/checkpoint/checkpoint-note';
import { capMessage, FlowInputError, formatDiagnostic, MAX_MESSAGE } from '../../src/core/diagnostics';
import { eventsNoteTarget, parseEventsText } from '../../src/core/events/events-note';
import { ExpressionError, compileExpression } from '../../src/core/expr/expression';
import { readEventLine } from '../../src/core/graph/event-evidence';
import { readOperationLine } from '../../src/core/graph/operation-line';
import { parseAssertion, parseCheckpointInterval, parseDurationMs, parseEventTokens } from '../../src/core/graph/texts';
import { safeSegment } from '../../src/core/paths';
import { parseRecordText } from '../../src/core/records/record-text';
import { readEventsFile } from '../../src/core/run/events-input';
import { planDrawing } from '../../src/core/run/load-flow';
import { parseQueueFile, renderQueueHeader } from '../../src/core/run/queue-file';
import { SinkNote } from '../../src/core/run/sink-note';
import { parseUpsertNote } from '../../src/core/run/upsert-sink';
import { compactAroundSigns, hasWikiLink, joinLines } from '../../src/core/text/scan';
import { frontmatterScalar } from '../../src/core/text/frontmatter';
import { parseFlowBlock } from '../../src/obsidian/notes/flow-block-spec';
import { MemoryStore } from '../helpers/memory-store';
import { tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

/**
 * Issue 13: one 60,000-character list item ending in `aaa…:x` took 14 s (a regular expression
 * with two stars over the same letters), and its warning was 60 KB long. The argument that the
 * readers are linear is structural, not a stopwatch:
 *
 * 1. every regular expression under src is a literal (none is built from a string), and lint
 *    runs eslint-plugin-regexp's no-super-linear-backtracking and no-super-linear-move over them
 *    (checked below on an expression they must refuse);
 * 2. the readers that replaced the refused expressions scan by hand (src/core/text/scan.ts,
 *    src/core/events/event-token.ts), each character a bounded number of times.
 *
 * Then every reader of user text gets long adversarial lines (100,000 characters of `aaa…:x`,
 * brackets, white space, digits) and must answer correctly, with messages of one short line.
 * (A quadratic reader would not finish these inside the test's time-out; nothing here is timed.)
 */

const ROOT = path.resolve(__dirname, '..', '..');
const N = 100_000;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('structure: no regular expression escapes the lint rules', () => {
  it('no regular expression under src is built from a string (the rules can only check literals)', () => {
    const built = sourceFiles(path.join(ROOT, 'src')).filter((f) => /\bRegExp\s*\(/.test(readFileSync(f, 'utf8')));
    expect(built.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it("lint refuses a backtracking expression and one retried at every position, in src's configuration", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'src/core/events/events-note.ts'))) as { rules: Record<string, unknown> };
    expect(config.rules['regexp/no-super-linear-backtracking']).toEqual([2]);
    expect(config.rules['regexp/no-super-linear-move']).toEqual([2]);
    // The two expressions issue 13 found, as they were.
    const probe = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: { plugins: { regexp: (await import('eslint-plugin-regexp')).default }, rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' } } });
    const [result] = await probe.lintText("export const TOKEN = /^([^\\s:=,;]*[\\p{L}\\p{N}][^\\s:=,;]*)(?::(\\d+))?$/u;\nexport const compact = (s) => s.replace(/\\s*([:=])\\s*/g, '$1');\n", { filePath: 'probe.js' });
    expect(result.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [1, 'regexp/no-super-linear-backtracking'],
      [2, 'regexp/no-super-linear-move'],
    ]);
  });
});

const adversarial: [string, string][] = [
  ['aaa…:x', `${'a'.repeat(N)}:x`],
  ['aaa…a (one long key)', 'a'.repeat(N)],
  ['spaces then x', `a${' '.repeat(N)}x`],
  ['spaces then a colon', `a${' '.repeat(N)}:`],
  ['spaces around a colon', `a${' '.repeat(N)}:${' '.repeat(N)}1e309`],
  ['open brackets', '['.repeat(N)],
  ['open braces', '{'.repeat(N)],
  ['a:a:a:…', 'a:'.repeat(N / 2)],
  ['digits', '1'.repeat(N)],
  ['digits and dots', '1.'.repeat(N / 2)],
  ['quotes', '{"'.repeat(N / 2)],
  ['equals', '='.repeat(N)],
  ['at signs', ' @'.repeat(N / 2)],
  ['tabs and no-break spaces', '\t\u00a0'.repeat(N / 2)],
];

/** How many events each line is as a drawn line of events (`a   x` is two keys; `111…` and `1.1.…` one key each). */
const TOKENS: Record<string, number> = { 'aaa…a (one long key)': 1, 'spaces then x': 2, digits: 1, 'digits and dots': 1 };

describe('long adversarial lines through every reader of user text', () => {
  it('events notes and --events files: each bad line is one short warning naming the note and line; good lines still count', () => {
    for (const [, line] of adversarial) {
      const note = `# events\n- ${line}\n- ok: 2\n${line}\n   - ${line}\n`;
      const { events, diagnostics } = parseEventsText(note, 'orders.md');
      expect(events.filter((e) => e.key === 'ok')).toEqual([{ key: 'ok', value: 2 }]);
      for (const d of diagnostics) {
        expect(d.file).toBe('orders.md');
        expect([2, 5]).toContain(d.line);
        expect(formatDiagnostic(d).length).toBeLessThan(MAX_MESSAGE + 100);
      }
      let refused: unknown = null;
      try {
        readEventsFile(note, 'big.md');
      } catch (err) {
        refused = err;
      }
      if (diagnostics.length > 0) {
        expect(refused).toBeInstanceOf(FlowInputError);
        expect((refused as Error).message.length).toBeLessThan(MAX_MESSAGE + 100);
        // Refused, not skipped: the message says so (the linked-note warning's words would not).
        expect((refused as Error).message).toMatch(/^big\.md, line 2: (?!warning)[^\n]*; the file was not imported \(fix that item, then run again\)$/);
      }
    }
    // The case of the issue: exactly one warning, and it quotes the start of the item only.
    const { diagnostics } = parseEventsText(`- ${'a'.repeat(60_000)}:x\n`, 'orders.md');
    expect(diagnostics).toHaveLength(1);
    expect(formatDiagnostic(diagnostics[0])).toMatch(/^orders\.md, line 1: warning: list item "a{59}…" is not an event/);
  });

  it('drawn event lines, assertions, durations, operation lines, records and expressions', () => {
    for (const [name, line] of adversarial) {
      expect([name, parseEventTokens(line)?.length ?? 0]).toEqual([name, TOKENS[name] ?? 0]);
      expect(readEventLine(line)?.tokens.length ?? 0).toBeLessThanOrEqual(2);
      expect(parseAssertion(line, 'e')).toBeNull();
      expect(parseDurationMs(line)).toBeNull();
      expect(parseCheckpointInterval(`checkpoint every ${line}`)).toBeNull();
      expect(readOperationLine(line).operation).toBeNull();
      expect(readOperationLine(`count ${line}`).operation?.kind ?? 'count').toBe('count');
      const record = parseRecordText(line);
      if (record !== null && 'problem' in record) expect(capMessage(record.problem).length).toBeLessThanOrEqual(MAX_MESSAGE);
      try {
        compileExpression(line);
      } catch (err) {
        expect(err).toBeInstanceOf(ExpressionError);
        expect((err as Error).message.length).toBeLessThan(500);
      }
    }
    expect(parseDurationMs(`${'1'.repeat(N)}x then 5 s`)).toBe(5000);
    expect(parseAssertion(`A${' '.repeat(N)}=${' '.repeat(N)}3`, 'e')).toEqual({ key: 'A', expected: 3, elementId: 'e' });
  });

  it('links, frontmatter, queue, sink, upsert and checkpoint notes, code blocks, names', async () => {
    expect(eventsNoteTarget('[['.repeat(N))).toBeNull();
    expect(eventsNoteTarget(`${'[['.repeat(N)}x]]`)).toBe(`${'[['.repeat(N)}x`.slice(2));
    expect(eventsNoteTarget(`${'[[a]'.repeat(N / 4)}[[orders#today|Orders]]`)).toBe('orders');
    expect(hasWikiLink('[['.repeat(N))).toBe(false);
    expect(hasWikiLink(`${'[[]'.repeat(N / 3)}[[a]]`)).toBe(true);

    const openFrontmatter = `---\nrun:${' '.repeat(N)}x\n${'a: b\n'.repeat(N / 5)}`;
    expect(frontmatterScalar(openFrontmatter, 'run')).toBeNull();
    expect(frontmatterScalar(`${openFrontmatter}---\n`, 'run')).toBe('x');

    const header = renderQueueHeader({ drawing: 'd.md', queue: 'q', elementId: 'q', run: 'r' });
    const long = parseQueueFile(`${header}| 0 | ${'a'.repeat(N)} | 1 |\n`, 'q.md');
    expect(long.keys[0]).toHaveLength(N);
    for (const [, line] of adversarial) {
      let message = '';
      try {
        parseQueueFile(`${header}| 0 | a | 1 |\n${line}\n| 1 | b | 1 |\n`, 'q.md');
      } catch (err) {
        message = (err as Error).message;
      }
      // The line after row 0: the header's lines, then row 0, then this one.
      expect(message).toMatch(new RegExp(`^q\\.md, line ${header.split('\n').length + 1}: not a queue row`));
      expect(message.length).toBeLessThan(200);
    }

    const store = new MemoryStore(new Map([['out.md', `# Output\n\n| # | key | value |\n| --- | --- | --- |\n| 1 | ${'\\'.repeat(N)}x | 1 |\n${'| '.repeat(N)}\n| 2 | b | 2 |\n`]]));
    expect((await new SinkNote(store, 'out.md', 'out').read()).map((r) => r.key)).toEqual([`${'\\'.repeat(N / 2)}x`, 'b']);
    expect(parseUpsertNote(`---\nmode: upsert\ncheckpoint: 3\n---\n| key | value |\n| --- | --- |\n${'| '.repeat(N)}\n`)?.rows).toEqual([]);
    expect((parseCheckpointNote(`\n## Snapshot\n${'```json\n'.repeat(N / 8)}`) as { snapshotJson?: string } | null)?.snapshotJson).toBe('```json');
    expect(parseCheckpointNote(`\n## Snapshot\n\`\`\`json\n${'{'.repeat(N)}`)).toBeNull();
    expect((parseCheckpointNote(`\n## Snapshot\n${'```json '.repeat(N / 8)}\n\`\`\`json\n{}\n\`\`\`\n`) as { snapshotJson?: string } | null)?.snapshotJson).toBe('{}');

    expect(parseFlowBlock(`drawing:${' '.repeat(N)}\u2028x`)).toMatchObject({ spec: { drawing: 'x' } });
    expect(safeSegment(`${'. '.repeat(N / 2)}orders${' .'.repeat(N / 2)}`)).toBe('orders');
    expect(joinLines(`a${' '.repeat(N)}b${' \n '.repeat(3)}c`)).toBe(`a${' '.repeat(N)}b c`);
  });

  it('the one-pass helpers agree with the regular expressions they replace', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ':', '=', '\t', '\n', '[', ']', 'x') }), (s) => {
        expect(compactAroundSigns(s)).toBe(s.replace(/\s*([:=])\s*/g, '$1'));
        expect(joinLines(s)).toBe(s.replace(/\s*\n\s*/g, ' '));
        expect(hasWikiLink(s)).toBe(/\[\[[^\]]+\]\]/.test(s));
        const m = /\[\[([^\]|#^]+)(?:[#^][^\]|]*)?(?:\|[^\]]*)?\]\]/.exec(s);
        expect(eventsNoteTarget(s)).toBe(m?.[1].trim() || null);
      }),
      { seed: 1313, numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '2', '.', ' ', 's', 'm', 'in', 'h', 'x', '_', 'é', 'M') }), (s) => {
        const m = /(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\b/i.exec(s);
        const unit = m?.[2].toLowerCase();
        const want = !m ? null : unit === 'ms' || unit!.startsWith('milli') ? Number(m[1]) : unit!.startsWith('s') ? Number(m[1]) * 1000 : unit!.startsWith('m') ? Number(m[1]) * 60_000 : Number(m[1]) * 3_600_000;
        expect(parseDurationMs(s)).toBe(want);
      }),
      { seed: 1314, numRuns: 3000 },
    );
  });
});

/** A queue labelled `label` → count; `apart` is a second text inside the queue box. */
function drawing(label: string, apart: string): string {
  const text = (id: string, x: number, y: number, t: string, containerId?: string): object => ({ id, type: 'text', x, y, width: 100, height: 25, angle: 0, text: t, originalText: t, isDeleted: false, ...(containerId ? { containerId } : {}) });
  return JSON.stringify({
    type: 'excalidraw',
    version: 2,
    elements: [
      { id: 'queue', type: 'rectangle', x: 0, y: 0, width: 200, height: 120, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'queueName' }] },
      text('queueName', 10, 5, label, 'queue'),
      text('evs', 10, 60, apart),
      { id: 'proc', type: 'rectangle', x: 400, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'procName' }] },
      text('procName', 410, 20, 'count', 'proc'),
      { id: 'qp', type: 'arrow', x: 204, y: 30, width: 192, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [192, 0]], startBinding: { elementId: 'queue', focus: 0, gap: 4 }, endBinding: { elementId: 'proc', focus: 0, gap: 4 }, endArrowhead: 'arrow' },
    ],
  });
}

describe('a 60,000-character token in a drawing', () => {
  const token = `${'a'.repeat(60_000)}:x`;

  it('reads to short diagnostics naming the element', async () => {
    const store = new MemoryStore(new Map([['flow.excalidraw', drawing(`orders\n${token}`, `A B ${token}`)]]));
    const { diagnostics } = await planDrawing(store, 'flow.excalidraw');
    const apart = diagnostics.find((d) => d.elementId === 'evs')!;
    // The label's second line is no events (the token is no event), so it is part of the queue's name.
    expect(apart.message).toMatch(/^text "A B a{55}…" in queue "orders a{52}…" reads as words/);
    for (const d of diagnostics) expect(formatDiagnostic(d).length).toBeLessThan(MAX_MESSAGE + 100);
  });

  it('flows inspect and flows run print no line longer than a screen, and run still counts', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawing('orders', `A B A`));
    await fs.writeFile(path.join(dir, 'long.excalidraw'), drawing('orders', `A ${token}`));
    for (const args of [['inspect', 'long.excalidraw'], ['run', 'long.excalidraw']]) {
      const r = await runFlows(args, dir);
      for (const line of `${r.stdout}${r.stderr}`.split('\n')) expect(line.length).toBeLessThan(MAX_MESSAGE + 150);
      if (args[0] === 'inspect') expect(r.stdout).toMatch(/element evs: warning: text "A a{57}…" in queue "orders"/);
    }
    await fs.writeFile(path.join(dir, 'events.md'), `- ${token}\n- A\n`);
    const refused = await runFlows(['run', 'flow.excalidraw', '--events', 'events.md'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr.length).toBeLessThan(MAX_MESSAGE + 100);
    const ran = await runFlows(['run', 'flow.excalidraw', '--json'], dir);
    expect(JSON.parse(ran.stdout).state.count).toEqual({ A: 2, B: 1 });
  });
});
