import type { Connection } from 'vscode-languageserver/node';

/**
 * Runs a handler so that an exception never reaches the connection: it is logged with its stack and
 * the request gets an empty answer. A language server must survive any text and any request.
 */
export function runSafe<T>(connection: Connection, name: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}
