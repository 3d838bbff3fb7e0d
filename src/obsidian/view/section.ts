/** A titled block of the run view; the title is a styled div (no manual HTML headings). */
export function createSection(parent: HTMLElement, title: string, cls: string): { root: HTMLElement; body: HTMLElement } {
  const root = parent.createDiv({ cls: ['flows-section', cls] });
  root.createDiv({ cls: 'flows-section-title', text: title });
  const body = root.createDiv({ cls: 'flows-section-body' });
  return { root, body };
}

/** `1234` → `1.2 kB`, for checkpoint sizes. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** An ISO time as the local clock time a person reads (`14:03:07`). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (x: number): string => String(x).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatValue(v: number | null): string {
  if (v === null) return '—';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
