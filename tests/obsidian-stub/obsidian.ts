/**
 * A small stand-in for the `obsidian` module, used because Obsidian itself cannot run here.
 * It implements only what the plugin calls, over a real folder on disk (see file-backend.ts),
 * and enforces a few guidelines (no default hotkeys). Vitest aliases `obsidian` to this file.
 */
export { TAbstractFile, TFile, TFolder, Vault, normalizePath } from './vault';
export { App, FileManager, MetadataCache, Workspace } from './app';
export { Component, Notice, Plugin, type PluginManifest } from './plugin';
export { ItemView, Menu, MenuItem, MarkdownRenderChild, Modal, SuggestModal, WorkspaceLeaf, setIcon } from './views';
export { DropdownComponent, PluginSettingTab, Setting, TextComponent, ToggleComponent } from './settings-ui';
