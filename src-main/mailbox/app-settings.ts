/** The app's own settings (not an account's): a small JSON file in the profile, written atomically. */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../accounts/settings/atomic-write';
import type { AppSettings } from '../model';
import { appSettingsFile } from './layout';

export const DEFAULT_APP_SETTINGS: AppSettings = { notifyNewMail: true, protocolLogLines: 2000 };

/** Reads the settings; a missing or unreadable file gives the defaults (and is rewritten on save). */
export async function readAppSettings(home: string): Promise<AppSettings> {
  try {
    const parsed = JSON.parse(await readFile(appSettingsFile(home), 'utf8')) as Partial<AppSettings>;
    return {
      notifyNewMail:
        typeof parsed.notifyNewMail === 'boolean' ? parsed.notifyNewMail : DEFAULT_APP_SETTINGS.notifyNewMail,
      protocolLogLines:
        Number.isInteger(parsed.protocolLogLines) && (parsed.protocolLogLines as number) >= 0
          ? (parsed.protocolLogLines as number)
          : DEFAULT_APP_SETTINGS.protocolLogLines,
    };
  } catch {
    return { ...DEFAULT_APP_SETTINGS };
  }
}

export async function writeAppSettings(home: string, settings: AppSettings): Promise<void> {
  await writeFileAtomic(appSettingsFile(home), `${JSON.stringify(settings, null, 2)}\n`);
}
