// The Node entry point (dist/server.js): a connection over the process's stdio, pipes or socket, and
// the Node host; everything else is startServer's.
import { setFlagsFromString } from 'node:v8';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { nodeHost } from '../host/nodeHost';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// stdout may be the protocol channel: route console output to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));

// The young generation stays at the size module loading grew it to (4 MiB semi-spaces on Node 20)
// instead of growing to 16 MiB ones: V8 grows it once as many bytes have survived scavenges as it holds,
// which the summaries of a big workspace always do, and 2 x 16 MiB was the largest single part of the
// server's peak RSS (issue 13; `npm run bench -- --lsp-only`). It is read at each growth, so setting it
// now works; an engine that does not know the flag says so on stderr, never on the protocol's stdout.
setFlagsFromString('--semi-space-growth-factor=1');

startServer(connection, nodeHost());
