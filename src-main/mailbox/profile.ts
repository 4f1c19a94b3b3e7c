import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

/**
 * The profile folder: MAILWRIGHT_HOME when set, else the OS's app-data folder
 * (~/.config/Mailwright, ~/Library/Application Support/Mailwright, %APPDATA%\Mailwright).
 * Pure in its inputs so every platform's answer is testable on any one.
 */
export function profileHome(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const explicit = env.MAILWRIGHT_HOME;
  if (explicit !== undefined && explicit !== '') return explicit;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Mailwright');
  if (platform === 'win32')
    return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Mailwright');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(home, '.config'), 'Mailwright');
}

/** The package version, found from a bundle in dist/ (or dist/app/) or from the sources. */
export function packageVersion(fromUrl: string): string {
  const require = createRequire(fromUrl);
  for (const candidate of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'mailwright' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not this layout; try the next.
    }
  }
  return 'unknown';
}
