import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as ReactJSXRuntime from 'react/jsx-runtime';

// The fork's Obsidian build reads React from globals (its `l3.exports=React`, `H5.exports=ReactDOM`,
// `$_.exports=ReactJSXRuntime`), which the Excalidraw plugin defines before evaluating it. Imported
// before the build itself.
const g = globalThis as unknown as Record<string, unknown>;
g.React = React;
g.ReactDOM = { ...ReactDOM, ...ReactDOMClient };
g.ReactJSXRuntime = ReactJSXRuntime;
