import type { Plugin } from 'obsidian';
import { isDrawingFile } from '../drawing-files';

/** A palette command offered only while the active file is a drawing; `action` gets its path. */
export function addDrawingCommand(plugin: Plugin, id: string, name: string, action: (drawingPath: string) => unknown): void {
  plugin.addCommand({
    id,
    name,
    checkCallback: (checking) => {
      const file = plugin.app.workspace.getActiveFile();
      if (!isDrawingFile(plugin.app, file)) return false;
      if (!checking) void action(file.path);
      return true;
    },
  });
}
