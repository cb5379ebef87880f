/**
 * An error the user can act on. The CLI prints `message` alone (no stack) and exits
 * with `exitCode`; anything else reaching the top level is treated as a bug.
 */
export class CapsyncError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, exitCode = 1) {
    super(message);
    this.name = 'CapsyncError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

export function isCapsyncError(error: unknown): error is CapsyncError {
  return error instanceof CapsyncError;
}
