import type { FakeExcalidrawView } from './fake-excalidraw-view';

/** What the overlay shows over a fake Excalidraw view, read from the page as a person would see it. */
export function overlayLabels(view: FakeExcalidrawView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of view.contentEl.querySelectorAll<HTMLElement>('.flows-overlay-label')) out[el.dataset.key ?? ''] = el.textContent ?? '';
  return out;
}

/** The value shown beside each `KEY = NUMBER` line of the seed's processor (text ids of the seed). */
export function seedValuesShown(view: FakeExcalidrawView): { A?: string; B?: string; C?: string } {
  const l = overlayLabels(view);
  return { A: l['v:gIYBY9Q5:0'], B: l['v:0XOj2VEF:0'], C: l['v:OsFM5WcU:0'] };
}

export function labelElement(view: FakeExcalidrawView, key: string): HTMLElement | null {
  return view.contentEl.querySelector<HTMLElement>(`.flows-overlay-label[data-key="${key}"]`);
}

/** Each label's lines, by key (a label's lines are separate elements on the page). */
export function overlayLines(view: FakeExcalidrawView): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const el of view.contentEl.querySelectorAll<HTMLElement>('.flows-overlay-label')) {
    out[el.dataset.key ?? ''] = [...el.querySelectorAll('.flows-overlay-line')].map((l) => l.textContent ?? '');
  }
  return out;
}
