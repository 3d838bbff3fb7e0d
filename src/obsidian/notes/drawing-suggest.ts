import { SuggestModal, type App, type TFile } from 'obsidian';
import { isDrawingFile } from '../drawing-files';

/** Pick a drawing of the vault (Excalidraw notes, .excalidraw and .canvas files). */
export class DrawingSuggest extends SuggestModal<TFile> {
  constructor(app: App, private readonly onPick: (file: TFile) => void) {
    super(app);
    this.setPlaceholder('Pick the drawing whose queue gets the events');
  }

  getSuggestions(query: string): TFile[] {
    const q = query.trim().toLowerCase();
    return this.app.vault
      .getFiles()
      .filter((f) => isDrawingFile(this.app, f) && f.path.toLowerCase().includes(q))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  renderSuggestion(file: TFile, el: HTMLElement): void {
    el.createDiv({ text: file.path });
  }

  onChooseSuggestion(file: TFile): void {
    this.onPick(file);
  }
}
