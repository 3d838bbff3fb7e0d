import type ExcalidrawFlowsPlugin from '../../main';
import { parseFlowBlock } from './flow-block-spec';
import { ReplayPanel } from './replay-panel';

/**
 * The code-block language of a replay panel. Obsidian keeps one processor per language for the
 * whole app and throws when a second plugin registers a taken one, so a short common name such
 * as `flow` (used by flowchart plugins) would stop this plugin from loading. Prefixed with the
 * plugin's id, it cannot collide. 0.1's ```flow blocks are not read (that would need `flow`);
 * "Convert flow blocks in this note" renames the ones that are ours.
 */
export const FLOW_BLOCK_LANGUAGE = 'excalidraw-flows';

/** ```excalidraw-flows blocks: a replay panel in any note (see flow-block-spec.ts for what they may say). */
export function registerFlowCodeBlock(plugin: ExcalidrawFlowsPlugin): void {
  plugin.registerMarkdownCodeBlockProcessor(FLOW_BLOCK_LANGUAGE, (source, el, ctx) => {
    const parsed = parseFlowBlock(source);
    if ('error' in parsed) {
      el.createDiv({ cls: 'flows-error', text: `Flow block in ${ctx.sourcePath}: ${parsed.error}` });
      return;
    }
    ctx.addChild(new ReplayPanel(el, plugin.app, parsed.spec, ctx.sourcePath, (drawing, store) => plugin.runViews.openController(drawing, store)));
  });
}
