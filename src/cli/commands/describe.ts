import type { Command } from 'commander';

/** Placeholder: the `describe` subcommand is wired in by its stage. */
export function registerDescribe(program: Command): void {
  void program;
}
