/**
 * The helpers Obsidian adds to DOM prototypes (createEl, createDiv, empty, setText, addClass …),
 * installed into the browser test page only: the plugin's views call them as in Obsidian.
 */
interface ElInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  value?: string;
  type?: string;
  placeholder?: string;
  href?: string;
  prepend?: boolean;
}

type Callback = (el: HTMLElement) => void;

function classes(cls: string | string[] | undefined): string[] {
  if (!cls) return [];
  return (Array.isArray(cls) ? cls : cls.split(' ')).filter(Boolean);
}

function createElement(tag: string, info?: ElInfo | string, callback?: Callback): HTMLElement {
  const el = document.createElement(tag);
  const o: ElInfo = typeof info === 'string' ? { cls: info } : (info ?? {});
  el.classList.add(...classes(o.cls));
  if (o.text !== undefined) {
    if (typeof o.text === 'string') el.textContent = o.text;
    else el.appendChild(o.text);
  }
  for (const [k, v] of Object.entries(o.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
  if (o.title !== undefined) el.title = o.title;
  if (o.type !== undefined) el.setAttribute('type', o.type);
  if (o.value !== undefined) (el as HTMLInputElement).value = o.value;
  if (o.placeholder !== undefined) el.setAttribute('placeholder', o.placeholder);
  if (o.href !== undefined) el.setAttribute('href', o.href);
  callback?.(el);
  return el;
}

export function installObsidianDomHelpers(): void {
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const hp = HTMLElement.prototype as unknown as Record<string, unknown>;
  proto.createEl = function (this: Node, tag: string, info?: ElInfo | string, cb?: Callback): HTMLElement {
    const el = createElement(tag, info, cb);
    if (typeof info === 'object' && info.prepend) this.insertBefore(el, this.firstChild);
    else this.appendChild(el);
    return el;
  };
  proto.createDiv = function (this: Node & { createEl: typeof proto.createEl }, info?: ElInfo | string, cb?: Callback): HTMLElement {
    return (this.createEl as (t: string, i?: ElInfo | string, c?: Callback) => HTMLElement)('div', info, cb);
  };
  proto.createSpan = function (this: Node & { createEl: typeof proto.createEl }, info?: ElInfo | string, cb?: Callback): HTMLElement {
    return (this.createEl as (t: string, i?: ElInfo | string, c?: Callback) => HTMLElement)('span', info, cb);
  };
  proto.empty = function (this: Node): void {
    while (this.firstChild) this.removeChild(this.firstChild);
  };
  proto.setText = function (this: Node, text: string | DocumentFragment): void {
    if (typeof text === 'string') this.textContent = text;
    else {
      this.textContent = '';
      this.appendChild(text);
    }
  };
  hp.addClass = function (this: HTMLElement, ...cls: string[]): void {
    this.classList.add(...cls);
  };
  hp.removeClass = function (this: HTMLElement, ...cls: string[]): void {
    this.classList.remove(...cls);
  };
  hp.toggleClass = function (this: HTMLElement, cls: string | string[], value: boolean): void {
    for (const c of classes(cls)) this.classList.toggle(c, value);
  };
  hp.hasClass = function (this: HTMLElement, cls: string): boolean {
    return this.classList.contains(cls);
  };
  hp.setAttr = function (this: HTMLElement, name: string, value: string | number | boolean | null): void {
    if (value === null || value === false) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  };
  hp.show = function (this: HTMLElement): void {
    this.style.display = '';
  };
  hp.hide = function (this: HTMLElement): void {
    this.style.display = 'none';
  };
  // obsidian.d.ts (1.8.7) HTMLElement.setCssProps: sets CSS custom properties (`--name`) on the element.
  hp.setCssProps = function (this: HTMLElement, props: Record<string, string>): void {
    for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
  };
  const g = globalThis as unknown as Record<string, unknown>;
  g.createEl = (tag: string, info?: ElInfo | string, cb?: Callback): HTMLElement => createElement(tag, info, cb);
  g.createDiv = (info?: ElInfo | string, cb?: Callback): HTMLElement => createElement('div', info, cb);
  g.createSpan = (info?: ElInfo | string, cb?: Callback): HTMLElement => createElement('span', info, cb);
  g.createFragment = (cb?: (f: DocumentFragment) => void): DocumentFragment => {
    const f = document.createDocumentFragment();
    cb?.(f);
    return f;
  };
}
