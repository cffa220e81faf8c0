import type { Command } from '../command.js';

/**
 * Every subcommand, loaded only when it runs (or when its --help is asked
 * for), so `mfc --version` and `mfc lint` do not pay for the GGUF layer.
 * Keep this list in the order `mfc --help` shows it.
 */
export interface CommandEntry {
  summary: string;
  load: () => Promise<{ default: Command }>;
}

export const commands: Record<string, CommandEntry> = {
};
