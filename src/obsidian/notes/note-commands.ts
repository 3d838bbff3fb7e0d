import { Notice, type TFile } from 'obsidian';
import type ExcalidrawFlowsPlugin from '../../main';
import { isDrawingFile } from '../drawing-files';
import { userMessage } from '../view/run-view';
import { checkpointNoteDrawing } from './checkpoint-note-files';
import { DrawingSuggest } from './drawing-suggest';
import { readEventsNote } from './events-from-note';

/** Commands offered on notes: restore from an open checkpoint note, replay an open events note. */
export function registerNoteCommands(plugin: ExcalidrawFlowsPlugin): void {
  const { app } = plugin;
  plugin.addCommand({
    id: 'restore-flow-from-this-checkpoint',
    name: 'Restore flow from this checkpoint',
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      const drawing = checkpointNoteDrawing(app, file);
      if (!file || !drawing) return false;
      if (!checking) void restoreFromNote(plugin, file, drawing);
      return true;
    },
  });
  plugin.addCommand({
    id: 'replay-events-note-into-drawing',
    name: 'Replay this events note into a drawing',
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!file || file.extension !== 'md' || checkpointNoteDrawing(app, file)) return false;
      const notePath = file.path;
      if (isDrawingFile(app, file)) return false;
      if (!checking) new DrawingSuggest(app, (drawing) => void replayInto(plugin, notePath, drawing.path)).open();
      return true;
    },
  });
}

export async function restoreFromNote(plugin: ExcalidrawFlowsPlugin, note: TFile, drawingPath: string): Promise<void> {
  try {
    const view = await plugin.runViews.open(drawingPath);
    const info = await view?.controller?.restore(note.path);
    view?.refresh();
    if (info) new Notice(`Restored ${drawingPath} from checkpoint ${info.id}`);
  } catch (err) {
    new Notice(userMessage(err));
  }
}

/** Appends the note's events to the drawing's first queue and runs them, in the run view. */
export async function replayInto(plugin: ExcalidrawFlowsPlugin, notePath: string, drawingPath: string): Promise<void> {
  try {
    const { events, diagnostics } = await readEventsNote(plugin.app, notePath);
    const view = await plugin.runViews.open(drawingPath);
    const c = view?.controller;
    if (!c) return;
    await c.injectAll(events);
    await c.run();
    const skipped = diagnostics.length ? ` (${diagnostics.length} list items were not events)` : '';
    new Notice(`Replayed ${events.length} events from ${notePath} into ${drawingPath}${skipped}`);
  } catch (err) {
    new Notice(userMessage(err));
  }
}
