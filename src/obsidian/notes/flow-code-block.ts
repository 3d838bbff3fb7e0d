import type ExcalidrawFlowsPlugin from '../../main';
import { parseFlowBlock } from './flow-block-spec';
import { ReplayPanel } from './replay-panel';

/** ```flow blocks: a replay panel in any note (see flow-block-spec.ts for what they may say). */
export function registerFlowCodeBlock(plugin: ExcalidrawFlowsPlugin): void {
  plugin.registerMarkdownCodeBlockProcessor('flow', (source, el, ctx) => {
    const parsed = parseFlowBlock(source);
    if ('error' in parsed) {
      el.createDiv({ cls: 'flows-error', text: `Flow block in ${ctx.sourcePath}: ${parsed.error}` });
      return;
    }
    ctx.addChild(new ReplayPanel(el, plugin.app, parsed.spec, ctx.sourcePath, (drawing, store) => plugin.runViews.openController(drawing, store)));
  });
}
