import { formatDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { createSection } from './section';

/** Problems found in the drawing or its checkpoints; clicking one selects its element in the drawing. */
export class DiagnosticsList {
  private readonly root: HTMLElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement, private readonly selectElement: (elementId: string) => void) {
    const section = createSection(parent, 'Diagnostics', 'flows-diagnostics');
    this.root = section.root;
    this.body = section.body;
  }

  render(diagnostics: readonly Diagnostic[]): void {
    this.body.empty();
    this.root.toggleClass('flows-hidden', diagnostics.length === 0);
    for (const d of diagnostics) {
      const item = this.body.createDiv({ cls: ['flows-diagnostic', `flows-${d.severity}`], text: formatDiagnostic(d) });
      const id = d.elementId;
      if (id) {
        item.addClass('flows-clickable');
        item.setAttr('data-element', id);
        item.setAttr('title', 'Select this element in the drawing');
        item.addEventListener('click', () => this.selectElement(id));
      }
    }
  }
}
