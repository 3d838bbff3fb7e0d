import type { Component } from './plugin';

type CodeBlockHandler = (source: string, el: HTMLElement, ctx: { sourcePath: string; addChild(c: Component): void }) => unknown;

/**
 * A small Markdown reading view for browser tests: frontmatter as properties, headings,
 * paragraphs, lists, tables, code blocks, and code blocks handed to registered processors
 * (```excalidraw-flows), so a checkpoint note or a replay panel can be seen and photographed.
 */
export function renderMarkdown(markdown: string, el: HTMLElement, opts: { sourcePath: string; owner: Component; processors: Map<string, unknown> }): void {
  el.classList.add('markdown-reading-view');
  const lines = markdown.split(/\r?\n/);
  let i = 0;
  const add = (tag: string, text = '', cls = ''): HTMLElement => {
    const e = document.createElement(tag);
    inline(e, text);
    if (cls) e.className = cls;
    el.appendChild(e);
    return e;
  };
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    const props = add('div', '', 'metadata-container');
    for (const line of lines.slice(1, end)) {
      const row = document.createElement('div');
      row.className = 'metadata-property';
      row.textContent = line;
      props.appendChild(row);
    }
    i = end + 1;
  }
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^```([\w-]*)/.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      const source = lines.slice(i + 1, end < 0 ? lines.length : end).join('\n');
      const handler = opts.processors.get(fence[1]) as CodeBlockHandler | undefined;
      const block = add('div', '', `block-language-${fence[1]}`);
      if (handler) void handler(source, block, { sourcePath: opts.sourcePath, addChild: (c) => opts.owner.addChild(c) });
      else {
        const pre = document.createElement('pre');
        pre.textContent = source.length > 400 ? `${source.slice(0, 400)}…` : source;
        block.appendChild(pre);
      }
      i = end < 0 ? lines.length : end + 1;
      continue;
    }
    if (line.startsWith('|')) {
      const table = add('table');
      let head = true;
      while (i < lines.length && lines[i].startsWith('|')) {
        const cells = lines[i].slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
        if (!cells.every((c) => /^-+$/.test(c))) {
          const tr = document.createElement('tr');
          for (const c of cells) {
            const td = document.createElement(head ? 'th' : 'td');
            inline(td, c.replace(/\\\|/g, '|'));
            tr.appendChild(td);
          }
          table.appendChild(tr);
          head = false;
        }
        i++;
      }
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) add(`h${heading[1].length}`, heading[2]);
    else if (/^\s*[-*]\s+/.test(line)) add('li', line.replace(/^\s*[-*]\s+/, ''));
    else if (line.trim()) add('p', line);
    i++;
  }
}

/** `[[link]]` as an internal link, the rest as text. */
function inline(el: HTMLElement, text: string): void {
  for (const part of text.split(/(\[\[[^\]]+\]\])/)) {
    if (!part) continue;
    const link = /^\[\[([^\]|]+)(?:\|([^\]]+))?\]\]$/.exec(part);
    if (link) {
      const a = document.createElement('a');
      a.className = 'internal-link';
      a.textContent = link[2] ?? link[1];
      el.appendChild(a);
    } else el.appendChild(document.createTextNode(part));
  }
}
