// The Node entry point (dist/server.js): a connection over the process's stdio, pipes or socket, and
// the Node host; everything else is startServer's.
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

startServer(connection, nodeHost());
