import type { Command } from 'commander';

/** Placeholder: the `batch` subcommand is wired in by its stage. */
export function registerBatch(program: Command): void {
  void program;
}
