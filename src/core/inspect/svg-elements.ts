import type { SceneElement } from '../scene/scene';

export interface Box { x: number; y: number; width: number; height: number }

const fmt = (n: number): string => String(Math.round(n * 10) / 10);

export function escapeXml(s: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all.
  // eslint-disable-next-line no-control-regex -- the control characters are what this removes
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Excalidraw rotates an element around its centre; SVG needs it said explicitly. */
function rotation(e: SceneElement): string {
  if (!e.angle) return '';
  return ` transform="rotate(${fmt((e.angle * 180) / Math.PI)} ${fmt(e.x + e.width / 2)} ${fmt(e.y + e.height / 2)})"`;
}

const STROKE = 'stroke="#1e1e1e" stroke-width="1.5" fill="none"';

/** One scene element drawn plainly (no hand-drawn look): enough to recognise the drawing. */
export function drawElement(e: SceneElement): string {
  const id = ` data-element-id="${escapeXml(e.id)}"`;
  switch (e.type) {
    case 'rectangle':
      return `<rect${id} x="${fmt(e.x)}" y="${fmt(e.y)}" width="${fmt(e.width)}" height="${fmt(e.height)}" rx="4" ${STROKE}${rotation(e)}/>`;
    case 'ellipse':
      return `<ellipse${id} cx="${fmt(e.x + e.width / 2)}" cy="${fmt(e.y + e.height / 2)}" rx="${fmt(e.width / 2)}" ry="${fmt(e.height / 2)}" ${STROKE}${rotation(e)}/>`;
    case 'diamond': {
      const cx = e.x + e.width / 2;
      const cy = e.y + e.height / 2;
      const pts = [[cx, e.y], [e.x + e.width, cy], [cx, e.y + e.height], [e.x, cy]].map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(' ');
      return `<polygon${id} points="${pts}" ${STROKE}${rotation(e)}/>`;
    }
    case 'text':
      return drawText(e, id);
    case 'line':
    case 'arrow':
    case 'freedraw':
      return drawPath(e, id);
    default:
      // Images, frames, embeds: their place, so the drawing keeps its shape.
      return `<rect${id} x="${fmt(e.x)}" y="${fmt(e.y)}" width="${fmt(e.width)}" height="${fmt(e.height)}" stroke="#adb5bd" stroke-dasharray="4 4" fill="none"${rotation(e)}/>`;
  }
}

function drawText(e: SceneElement, id: string): string {
  const lines = (e.text ?? '').split('\n');
  // Excalidraw lays text out with a line height of 1.25 font sizes.
  // originalText has no wrapping breaks, so a wrapped label must also fit its width.
  const longest = Math.max(...lines.map((l) => [...l].length), 1);
  const size = Math.max(Math.min(e.height / lines.length / 1.25, (1.9 * e.width) / longest, 48), 6);
  const cx = e.x + e.width / 2;
  const spans = lines.map((l, i) => `<tspan x="${fmt(cx)}" y="${fmt(e.y + size * (1.25 * i + 1))}">${escapeXml(l)}</tspan>`).join('');
  return `<text${id} font-size="${fmt(size)}" text-anchor="middle" fill="#1e1e1e"${rotation(e)}>${spans}</text>`;
}

function drawPath(e: SceneElement, id: string): string {
  const pts = e.points ?? [];
  if (pts.length < 2) return '';
  const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${fmt(e.x + x)},${fmt(e.y + y)}`).join(' ');
  const heads = [e.startArrowhead ? head(e, pts[1], pts[0]) : '', e.endArrowhead ? head(e, pts[pts.length - 2], pts[pts.length - 1]) : ''].join('');
  return `<g${id}${rotation(e)}><path d="${d}" stroke="#1e1e1e" stroke-width="1.5" fill="none"/>${heads}</g>`;
}

/** A small arrowhead at `tip`, pointing away from `from`. */
function head(e: SceneElement, from: [number, number], tip: [number, number]): string {
  const a = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const x = e.x + tip[0];
  const y = e.y + tip[1];
  const p = (da: number): string => `${fmt(x - 12 * Math.cos(a + da))},${fmt(y - 12 * Math.sin(a + da))}`;
  return `<polyline points="${p(0.45)} ${fmt(x)},${fmt(y)} ${p(-0.45)}" stroke="#1e1e1e" stroke-width="1.5" fill="none"/>`;
}
