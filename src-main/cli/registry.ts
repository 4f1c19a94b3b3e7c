import type { CommandSpec } from './command';
import { versionCommand } from './commands/version';

/**
 * Every CLI command, in the order `--help` lists them. Each protocol adds its
 * commands from its own module in `commands/`.
 */
export const commands: readonly CommandSpec[] = [versionCommand];
