// Setup of the browser project: Obsidian's DOM helpers, a theme's CSS variables and the plugin's styles.
import { installObsidianDomHelpers } from './dom-helpers';
import './obsidian-theme.css';
import '../../styles/run-view.css';

installObsidianDomHelpers();
