import { trimWhere } from '../../text/scan';

/*
 * Lexical helpers for Flink SQL text: identifiers, literals, comments, durations.
 * Everything user-written that reaches the script goes through one of these.
 */

/** Backtick-quoted identifier; a backtick inside is doubled, as Flink SQL expects. */
export function ident(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** Single-quoted string literal; a quote inside is doubled. */
export function stringLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * A DOUBLE literal. Flink reads `5` as INT and `2.5` as DECIMAL, so `5 / 2` would be integer
 * division; the exponent form (`5E0`) is an approximate-numeric (DOUBLE) literal, matching the
 * engine's JavaScript numbers.
 */
export function doubleLiteral(n: number): string {
  const s = String(n).toUpperCase();
  return s.includes('E') ? s : `${s}E0`;
}

/** Text safe inside a `--` comment: one line. */
export function commentText(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** `10s`, `1500ms`: the duration form Flink's configuration parser accepts. */
export function flinkDuration(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/** `SET 'key' = 'value';` — the SQL client's documented form. */
export function setStatement(key: string, value: string): string {
  return `SET ${stringLiteral(key)} = ${stringLiteral(value)};`;
}

/**
 * Table, view and topic names made from drawn names: `count by user` → `count_by_user`.
 * Plain names keep the script readable and are valid Kafka topic names; `taken` makes each unique.
 */
export function uniqueSqlName(drawnName: string, taken: Set<string>): string {
  let base = trimWhere(drawnName.replace(/[^A-Za-z0-9_]+/g, '_'), (c) => c === 95);
  if (base === '') base = 'node';
  if (/^\d/.test(base)) base = `n_${base}`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A Flink SQL interval for a duration: `INTERVAL '5' SECOND`, `INTERVAL '10' MINUTE`, … while the
 * number fits the unit's default precision (2 digits), else the exact day-to-second form.
 */
export function intervalSql(ms: number): string {
  for (const [unit, size] of [['HOUR', 3_600_000], ['MINUTE', 60_000], ['SECOND', 1000]] as const) {
    if (ms % size === 0 && ms / size < 100) return `INTERVAL '${ms / size}' ${unit}`;
  }
  const two = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(ms / 86_400_000);
  const rest = ms % 86_400_000;
  const text = `${days} ${two(Math.floor(rest / 3_600_000))}:${two(Math.floor(rest / 60_000) % 60)}:${two(Math.floor(rest / 1000) % 60)}.${String(rest % 1000).padStart(3, '0')}`;
  return `INTERVAL '${text}' DAY TO SECOND(3)`;
}
