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
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function renderLockNote(lock: LockRecord, staleAfterMs: number): string {
  const title = (lock.drawing.split('/').pop() ?? lock.drawing).replace(/(\.excalidraw)?\.md$/i, '');
  return [
    '---',
    `holder: ${JSON.stringify(lock.holder)}`,
    `drawing: ${JSON.stringify(lock.drawing)}`,
    `started: ${JSON.stringify(iso(lock.startedAt))}`,
    `heartbeat: ${JSON.stringify(iso(lock.heartbeatAt))}`,
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
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!fm) return null;
  const field = (name: string): string | null => {
    const m = new RegExp(`^${name}:[ \\t]*(".*")[ \\t]*$`, 'm').exec(fm[1]);
    if (!m) return null;
    try {
      const v: unknown = JSON.parse(m[1]);
      return typeof v === 'string' ? v : null;
    } catch {
      return null;
    }
  };
  const holder = field('holder');
  const drawing = field('drawing');
  const startedAt = Date.parse(field('started') ?? '');
  const heartbeatAt = Date.parse(field('heartbeat') ?? '');
  if (!holder || drawing === null || !Number.isFinite(startedAt) || !Number.isFinite(heartbeatAt)) return null;
  return { holder, drawing, startedAt, heartbeatAt };
}
