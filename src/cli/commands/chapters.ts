import type { Command } from 'commander';

/** Placeholder: the `chapters` subcommand is wired in by its stage. */
export function registerChapters(program: Command): void {
  void program;
}
