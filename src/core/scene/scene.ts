/**
 * The reader's normalised view of a drawing, whatever file it came from (Obsidian Excalidraw
 * note, plain .excalidraw, Obsidian canvas). Only the fields the graph builder needs are kept,
 * each already type-checked, so later stages never meet a malformed element.
 */
export type ShapeType = 'rectangle' | 'ellipse' | 'diamond';

export interface Binding {
  elementId: string;
}

export interface SceneElement {
  id: string;
  /** Excalidraw element type (`rectangle`, `text`, `arrow`, ...); canvas nodes become rectangles. */
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Radians, around the element's centre. */
  angle: number;
  text?: string;
  containerId?: string | null;
  /**
   * Set when the file format itself says this text names a shape (a canvas node's first line),
   * so the name does not depend on where the text happens to sit.
   */
  titleOf?: string;
  /** Points of lines and arrows, relative to x/y. */
  points?: [number, number][];
  startBinding?: Binding | null;
  endBinding?: Binding | null;
  startArrowhead?: string | null;
  endArrowhead?: string | null;
  link?: string | null;
  /** Excalidraw groups, innermost first (as the editor writes them); absent when ungrouped. */
  groupIds?: string[];
}

export type SceneFormat = 'excalidraw-md' | 'excalidraw' | 'canvas';

export interface Scene {
  /** Vault-relative path of the drawing, used in every diagnostic. */
  file: string;
  format: SceneFormat;
  elements: SceneElement[];
}
