/// <reference types="vite/client" />
import './fork-globals';
// The self-contained build the Excalidraw plugin embeds in its main.js (zsviczian/obsidian-excalidraw-plugin
// @36a3294, rollup.config.mjs ~77-81: node_modules/@zsviczian/excalidraw/dist/obsidian/excalidraw.production.min.js).
// An IIFE that ends with `self.ExcalidrawLib = ExcalidrawLib`: imported for that side effect.
import '../../../node_modules/@zsviczian/excalidraw/dist/obsidian/excalidraw.production.min.js';
import forkCss from '../../../node_modules/@zsviczian/excalidraw/dist/obsidian/excalidraw.production.min.css?raw';

/** The parts of the fork's `ExcalidrawLib` global the fake Excalidraw view uses. */
export interface ExcalidrawLib {
  Excalidraw: React.ComponentType<Record<string, unknown>>;
  restoreElements(elements: readonly unknown[], local: null, opts?: Record<string, unknown>): ForkElement[];
  getSceneVersion(elements: readonly unknown[]): number;
  version?: string;
}

/** An element as the fork's scene holds it (only what the fake reads). */
export interface ForkElement {
  id: string;
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  version: number;
  versionNonce: number;
  isDeleted: boolean;
  text?: string;
  originalText?: string;
  rawText?: string;
  containerId?: string | null;
  boundElements?: { id: string; type: string }[] | null;
  link?: string | null;
  [k: string]: unknown;
}

let lib: ExcalidrawLib | null = null;

/** The fork, loaded once per page, with its CSS (which the plugin ships inside its own styles.css). */
export function loadExcalidrawFork(): ExcalidrawLib {
  if (lib) return lib;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(forkCss);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  lib = (globalThis as unknown as { ExcalidrawLib: ExcalidrawLib }).ExcalidrawLib;
  return lib;
}
