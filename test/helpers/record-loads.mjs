// Loaded with `node --import` by test/cli/startup.test.ts: writes the URL of every module the process
// loaded (one a line) to $H2H_LOADED_OUT when it exits. The load hook runs on Node's loader thread,
// so the URLs come back over a message port.
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';

const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`;
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => writeFileSync(process.env.H2H_LOADED_OUT, loaded.join('\n')));
