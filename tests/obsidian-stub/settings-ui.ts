import type { App } from './app';
import type { Plugin } from './plugin';

/** Text field of a Setting; `onChange` fires on the input's `input` event, as in Obsidian. */
export class TextComponent {
  readonly inputEl: HTMLInputElement;
  constructor(parent: HTMLElement) {
    this.inputEl = document.createElement('input');
    this.inputEl.type = 'text';
    parent.appendChild(this.inputEl);
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
  onChange(cb: (value: string) => unknown): this {
    this.inputEl.addEventListener('input', () => void cb(this.inputEl.value));
    return this;
  }
}

export class ToggleComponent {
  readonly toggleEl: HTMLInputElement;
  constructor(parent: HTMLElement) {
    this.toggleEl = document.createElement('input');
    this.toggleEl.type = 'checkbox';
    this.toggleEl.className = 'checkbox-container';
    parent.appendChild(this.toggleEl);
  }
  setValue(v: boolean): this {
    this.toggleEl.checked = v;
    return this;
  }
  getValue(): boolean {
    return this.toggleEl.checked;
  }
  onChange(cb: (value: boolean) => unknown): this {
    this.toggleEl.addEventListener('change', () => void cb(this.toggleEl.checked));
    return this;
  }
}

/**
 * Drop-down of a Setting (obsidian.d.ts, DropdownComponent): `addOption(value, display)` adds an
 * <option>, `onChange` fires on the <select>'s `change` event with the chosen value.
 */
export class DropdownComponent {
  readonly selectEl: HTMLSelectElement;
  constructor(parent: HTMLElement) {
    this.selectEl = document.createElement('select');
    this.selectEl.className = 'dropdown';
    parent.appendChild(this.selectEl);
  }
  addOption(value: string, display: string): this {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = display;
    this.selectEl.appendChild(o);
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [v, d] of Object.entries(options)) this.addOption(v, d);
    return this;
  }
  setValue(v: string): this {
    this.selectEl.value = v;
    return this;
  }
  getValue(): string {
    return this.selectEl.value;
  }
  onChange(cb: (value: string) => unknown): this {
    this.selectEl.addEventListener('change', () => void cb(this.selectEl.value));
    return this;
  }
}

/** One row of a settings tab: name, description and a control. */
export class Setting {
  readonly settingEl: HTMLElement;
  readonly infoEl: HTMLElement;
  readonly nameEl: HTMLElement;
  readonly descEl: HTMLElement;
  readonly controlEl: HTMLElement;

  constructor(containerEl: HTMLElement) {
    const el = (cls: string, parent: HTMLElement): HTMLElement => {
      const e = document.createElement('div');
      e.className = cls;
      parent.appendChild(e);
      return e;
    };
    this.settingEl = el('setting-item', containerEl);
    this.infoEl = el('setting-item-info', this.settingEl);
    this.nameEl = el('setting-item-name', this.infoEl);
    this.descEl = el('setting-item-description', this.infoEl);
    this.controlEl = el('setting-item-control', this.settingEl);
  }
  setName(name: string): this {
    this.nameEl.textContent = name;
    return this;
  }
  setDesc(desc: string): this {
    this.descEl.textContent = desc;
    return this;
  }
  setHeading(): this {
    this.settingEl.classList.add('setting-item-heading');
    return this;
  }
  addText(cb: (t: TextComponent) => unknown): this {
    cb(new TextComponent(this.controlEl));
    return this;
  }
  addToggle(cb: (t: ToggleComponent) => unknown): this {
    cb(new ToggleComponent(this.controlEl));
    return this;
  }
  addDropdown(cb: (d: DropdownComponent) => unknown): this {
    cb(new DropdownComponent(this.controlEl));
    return this;
  }
}

export abstract class PluginSettingTab {
  private el: HTMLElement | null = null;
  constructor(readonly app: App, readonly plugin: Plugin) {}
  /** Made on first use: Node tests construct the tab (plugin onload) but have no DOM. */
  get containerEl(): HTMLElement {
    if (!this.el) {
      this.el = document.createElement('div');
      this.el.className = 'vertical-tab-content';
    }
    return this.el;
  }
  abstract display(): void;
  hide(): void {}
}
