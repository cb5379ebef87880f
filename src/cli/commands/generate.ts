import type { Command } from 'commander';

/** Placeholder: the `generate` subcommand is wired in by its stage. */
export function registerGenerate(program: Command): void {
  void program;
}
