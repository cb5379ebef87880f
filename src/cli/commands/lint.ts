import type { Command } from 'commander';

/** Placeholder: the `lint` subcommand is wired in by its stage. */
export function registerLint(program: Command): void {
  void program;
}
