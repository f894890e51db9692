// The one guard every handler runs in (VS Code's JSON server has the same: utils/runner.ts). A language
// server must survive any text and any request: an exception is logged with its stack and answered
// with the handler's empty result; a request the client cancelled is answered with LSP's
// RequestCancelled error, not computed (or its result dropped when the cancel came while it ran).
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { Timers } from '../host/host';

export interface Log {
  error(message: string): void;
}

export function formatError(name: string, e: unknown): string {
  return `${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

function cancelled<E>(): ResponseError<E> {
  return new ResponseError<E>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export class Runner {
  constructor(
    private readonly log: Log,
    private readonly timers: Timers,
  ) {}

  /** A request answered at once from the open document's parse (symbols, folding, formatting). */
  safe<T, E = void>(name: string, fallback: T, token: CancellationToken, fn: () => T): T | ResponseError<E> {
    if (token.isCancellationRequested) return cancelled();
    try {
      return fn();
    } catch (e) {
      this.log.error(formatError(name, e));
      return fallback;
    }
  }

  /**
   * A request that may wait for its repository. It starts one turn of the event loop later, so that a
   * cancellation already queued behind it (the user typed on) is seen before any work is done.
   */
  safeAsync<T, E = void>(
    name: string,
    fallback: T,
    token: CancellationToken,
    fn: () => Promise<T>,
  ): Promise<T | ResponseError<E>> {
    return new Promise((resolve) => {
      this.timers.setImmediate(() => {
        if (token.isCancellationRequested) return resolve(cancelled());
        Promise.resolve()
          .then(fn)
          .then(
            (result) => resolve(token.isCancellationRequested ? cancelled() : result),
            (e: unknown) => {
              this.log.error(formatError(name, e));
              resolve(fallback);
            },
          );
      });
    });
  }

  /** Work no request waits for (a scan, a refresh, a publish): a failure is logged, never thrown. */
  async background(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.log.error(formatError(name, e));
    }
  }
}
