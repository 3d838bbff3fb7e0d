/// <reference types="vite/client" />
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as ReactJSXRuntime from 'react/jsx-runtime';
// The self-contained build the Excalidraw plugin embeds in its main.js (zsviczian/obsidian-excalidraw-plugin
// @36a3294, rollup.config.mjs ~77-81: node_modules/@zsviczian/excalidraw/dist/obsidian/excalidraw.production.min.js).
import forkSource from '../../../node_modules/@zsviczian/excalidraw/dist/obsidian/excalidraw.production.min.js?raw';
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

/**
 * Loads the fork as Obsidian does: an IIFE that reads React, ReactDOM and ReactJSXRuntime from globals
 * (the build's `l3.exports=React`, `H5.exports=ReactDOM`, `$_.exports=ReactJSXRuntime`) and sets
 * `self.ExcalidrawLib`. Loaded once per page.
 */
export function loadExcalidrawFork(): ExcalidrawLib {
  if (lib) return lib;
  const g = globalThis as unknown as Record<string, unknown>;
  g.React = React;
  g.ReactDOM = { ...ReactDOM, ...ReactDOMClient };
  g.ReactJSXRuntime = ReactJSXRuntime;
  // The fork's own bundle, evaluated as the plugin evaluates it; it is test input, not our code.
  new Function(forkSource)();
  const style = document.head.createEl('style');
  style.textContent = forkCss;
  lib = g.ExcalidrawLib as ExcalidrawLib;
  return lib;
}
