/**
 * The run-lock note: a small Markdown note in the drawing's flows folder that says who is
 * running the drawing and since when. It is meant to be read by a person (why can't I run
 * this?) as much as by the next run, so it is plain frontmatter plus one sentence.
 */

export interface LockRecord {
  /** Unique per run: a readable description of the host plus a random tag. */
  holder: string;
  drawing: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  heartbeatAt: number;
  /**
   * The fencing token: one more than the lock this one took over (1 for a lock created where
   * none was). Together with `holder` it names one tenure; every write of a run checks that the
   * note still carries both, so a holder that was taken over writes nothing more.
   */
  generation: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** `generation` may be left out (a note as written before fencing tokens, in tests). */
export function renderLockNote(lock: Omit<LockRecord, 'generation'> & { generation?: number }, staleAfterMs: number): string {
  const title = (lock.drawing.split('/').pop() ?? lock.drawing).replace(/(\.excalidraw)?\.md$/i, '');
  return [
    '---',
    `holder: ${JSON.stringify(lock.holder)}`,
    `drawing: ${JSON.stringify(lock.drawing)}`,
    `started: ${JSON.stringify(iso(lock.startedAt))}`,
    `heartbeat: ${JSON.stringify(iso(lock.heartbeatAt))}`,
    ...(lock.generation === undefined ? [] : [`generation: ${lock.generation}`]),
    'tags: [flows/run-lock]',
    '---',
    '',
    `# ${title} is running`,
    '',
    `Held by ${lock.holder} since ${iso(lock.startedAt)}. This note is removed when the run ends. If that run died, ` +
      `the next run takes it over once the heartbeat above is more than ${Math.round(staleAfterMs / 1000)} s old; you may also delete this note.`,
    '',
  ].join('\n');
}

/** The lock a note describes, or null when it was emptied, cut short or edited beyond reading. */
export function parseLockNote(text: string): LockRecord | null {
  // Line by line with string search: a lock note is small when we wrote it, but anyone can paste anything into it.
  const lines = frontmatterLines(text);
  if (!lines) return null;
  const raw = (name: string): string | null => {
    const line = lines.find((l) => l.startsWith(`${name}:`));
    return line === undefined ? null : line.slice(name.length + 1).trim();
  };
  const field = (name: string): string | null => {
    const v = raw(name);
    if (v === null || !v.startsWith('"')) return null;
    try {
      const parsed: unknown = JSON.parse(v);
      return typeof parsed === 'string' ? parsed : null;
    } catch {
      return null;
    }
  };
  const holder = field('holder');
  const drawing = field('drawing');
  const startedAt = Date.parse(field('started') ?? '');
  const heartbeatAt = Date.parse(field('heartbeat') ?? '');
  if (!holder || drawing === null || !Number.isFinite(startedAt) || !Number.isFinite(heartbeatAt)) return null;
  // A note from before fencing tokens has none: generation 0, so the run that takes it over writes 1.
  const gen = raw('generation');
  const generation = gen !== null && /^\d{1,15}$/.test(gen) ? Number(gen) : 0;
  return { holder, drawing, startedAt, heartbeatAt, generation };
}

/** Lines between the opening `---` and the closing one; null without a closed frontmatter (first 64 KB only). */
function frontmatterLines(text: string): string[] | null {
  const head = text.slice(0, 65_536);
  if (!/^---\r?\n/.test(head)) return null;
  const lines = head.split(/\r?\n/);
  const end = lines.indexOf('---', 1);
  return end < 0 ? null : lines.slice(1, end);
}
