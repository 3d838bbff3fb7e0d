/**
 * The Node-RED side of the comparison: the same counting pipeline as the engine's drawing, built
 * the way Node-RED users build it. One HTTP request carries a batch of events; `split` turns it
 * into one message per event (Node-RED's unit, as an event is the engine's), a function node
 * counts per key in flow context kept by the `localfilesystem` store (flushed to disk every
 * 1 s, as the engine checkpoints every 1 s), `join` gathers the batch back and the HTTP
 * response answers once every event of the batch has been counted.
 */

export const EVENTS_PATH = '/bench/events';
/** The batch flow: one message carries a whole batch (an array of keys), one function node counts it. */
export const BATCH_PATH = '/bench/batch';
/** Writes a variant's counts to a file and fsyncs it (the end of a run, as the engine's counts end on disk). */
export const FINISH_PATH = '/bench/finish';
export const COUNTS_PATH = '/bench/counts';
export const PING_PATH = '/bench/ping';

export const COUNT_FUNCTION = `const key = msg.payload;
const n = (flow.get(key) || 0) + 1;
flow.set(key, n);
msg.payload = n;
return msg;`;

/**
 * Node-RED's best idiomatic flow for this job: one function node, one message per batch, counting
 * into a Map held in the in-memory context store (a Map is kept as is there; the file store would
 * serialise it on every flush), written to disk once at the end by FINISH_FUNCTION.
 */
export const BATCH_COUNT_FUNCTION = `const counts = flow.get('batchCounts', 'memory') || new Map();
const keys = msg.payload;
for (let i = 0; i < keys.length; i++) counts.set(keys[i], (counts.get(keys[i]) || 0) + 1);
flow.set('batchCounts', counts, 'memory');
msg.payload = keys.length;
return msg;`;

/**
 * The end of a run: the counts of one variant (batch: the Map, then started afresh; per message:
 * every key of the file-backed flow context) written to msg.payload.file and fsynced.
 */
export const FINISH_FUNCTION = `const fs = global.get('fs');
let entries;
if (msg.payload.variant === 'batch') {
  entries = [...(flow.get('batchCounts', 'memory') || new Map())];
  flow.set('batchCounts', new Map(), 'memory');
} else {
  entries = flow.keys().map((k) => [k, flow.get(k)]);
}
const text = entries.map((e) => e[0] + '\\t' + e[1]).join('\\n') + '\\n';
const fd = fs.openSync(msg.payload.file, 'w');
try {
  fs.writeSync(fd, text);
  fs.fsyncSync(fd);
} finally {
  fs.closeSync(fd);
}
let total = 0;
for (const e of entries) total += e[1];
msg.payload = { keys: entries.length, total };
return msg;`;

// Reads back what the counting node stored: lets the benchmark check Node-RED really counted every event.
const TOTAL_FUNCTION = `let total = 0;
const keys = flow.keys();
for (const k of keys) total += flow.get(k) || 0;
msg.payload = { keys: keys.length, total };
return msg;`;

export function benchFlows(): unknown[] {
  const z = 'bench-tab';
  const node = (id: string, type: string, wires: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, type, z, name: id, x: 100, y: 100, wires: [wires], ...extra });
  return [
    { id: z, type: 'tab', label: 'bench', disabled: false, info: '' },
    node('events-in', 'http in', ['split'], { url: EVENTS_PATH, method: 'post', upload: false, swaggerDoc: '' }),
    node('split', 'split', ['count'], { splt: '\\n', spltType: 'str', arraySplt: 1, arraySpltType: 'len', stream: false, addname: '' }),
    node('count', 'function', ['join'], { func: COUNT_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] }),
    node('join', 'join', ['events-out'], { mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: false, timeout: '', count: '', reduceRight: false }),
    { id: 'events-out', type: 'http response', z, name: 'events-out', statusCode: '', headers: {}, x: 100, y: 100, wires: [] },
    node('batch-in', 'http in', ['batch-count'], { url: BATCH_PATH, method: 'post', upload: false, swaggerDoc: '' }),
    node('batch-count', 'function', ['batch-out'], { func: BATCH_COUNT_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] }),
    { id: 'batch-out', type: 'http response', z, name: 'batch-out', statusCode: '', headers: {}, x: 100, y: 100, wires: [] },
    node('finish-in', 'http in', ['finish'], { url: FINISH_PATH, method: 'post', upload: false, swaggerDoc: '' }),
    node('finish', 'function', ['finish-out'], { func: FINISH_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] }),
    { id: 'finish-out', type: 'http response', z, name: 'finish-out', statusCode: '', headers: {}, x: 100, y: 100, wires: [] },
    node('counts-in', 'http in', ['total'], { url: COUNTS_PATH, method: 'get', upload: false, swaggerDoc: '' }),
    node('total', 'function', ['counts-out'], { func: TOTAL_FUNCTION, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] }),
    { id: 'counts-out', type: 'http response', z, name: 'counts-out', statusCode: '', headers: {}, x: 100, y: 100, wires: [] },
    node('ping-in', 'http in', ['ping-out'], { url: PING_PATH, method: 'get', upload: false, swaggerDoc: '' }),
    { id: 'ping-out', type: 'http response', z, name: 'ping-out', statusCode: '', headers: {}, x: 100, y: 100, wires: [] },
  ];
}

/** A settings file: loopback only, no editor, no telemetry, context in files flushed every second. */
export function benchSettings(opts: { port: number; userDir: string }): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: opts.port,
    userDir: opts.userDir,
    flowFile: 'flows.json',
    flowFilePretty: true,
    httpAdminRoot: false,
    httpNodeRoot: '/',
    apiMaxLength: '50mb',
    contextStorage: {
      default: { module: 'localfilesystem', config: { dir: opts.userDir, base: 'context', flushInterval: 1 } },
      memory: { module: 'memory' },
    },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
    editorTheme: { tours: false },
  };
  // fs for the finish function node (writes and fsyncs the counts file): function nodes cannot require.
  return `// Written by the Excalidraw Flows benchmark for one run.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\nmodule.exports.functionGlobalContext = { fs: require('fs') };\n`;
}
