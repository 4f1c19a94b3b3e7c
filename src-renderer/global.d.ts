import type { MailwrightApi } from '../src-main/ipc/contract';

declare global {
  interface Window {
    /** Present in Electron (exposed by the preload); absent in the browser shell. */
    readonly mailwright?: MailwrightApi;
  }
}
