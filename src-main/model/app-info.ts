/** Which shell the renderer runs in: it decides e.g. how a link opens. */
export type ShellKind = 'electron' | 'web';

export interface AppInfo {
  name: 'Mailwright';
  version: string;
  shell: ShellKind;
  /** process.platform of the main process: 'linux', 'darwin', 'win32'. */
  platform: string;
  /** The profile folder in use (MAILWRIGHT_HOME or the OS app-data folder). */
  profileHome: string;
}
