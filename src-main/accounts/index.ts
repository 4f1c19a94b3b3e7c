/**
 * The accounts module's public face, for the mailbox service and the shells:
 * - `Accounts.open(profileDir)`: settings and passwords together (start here);
 * - settings: `AccountStore` (the profile's settings.json; validated, atomic, stable ids);
 * - secrets: `openSecretStore()` → the OS keychain, or the per-process session store plus
 *   the 'keychain' error to show; passwords never go to a file;
 * - autoconfig: `autoconfigure(address, { resolver })` → ranked candidates with reasons;
 * - `checkAccount` (log in and leave) and the settings builders used by `account add`.
 * Nothing here imports from mailbox/ or above.
 */
export { Accounts, type AccountsOptions } from './accounts';
export { AccountStore, SETTINGS_FILE_NAME, parseSettingsFile } from './settings/store';
export {
  addressDomain,
  isValidAddress,
  isValidHost,
  validateAccount,
  validateAccountSettings,
} from './settings/validate';
export {
  KEYCHAIN_SERVICE,
  SERVER_ROLES,
  SessionSecretStore,
  secretName,
  type SecretStore,
  type ServerRole,
} from './secrets/secret-store';
export {
  KeychainSecretStore,
  keychainError,
  openSecretStore,
  type KeytarLike,
  type OpenedSecretStore,
} from './secrets/keychain';
export { autoconfigure, type AutoconfigOptions, type AutoconfigResult } from './autoconfig/autoconfig';
export type { Candidate, CandidateSource, Protocol } from './autoconfig/candidates';
export type { ProbeOutcome, RankedCandidate } from './autoconfig/rank';
export {
  checkAccount,
  passwordRoles,
  type CheckOptions,
  type PasswordSource,
  type ServerCheck,
} from './check';
export {
  completeFromAutoconfig,
  parseHostPort,
  portForSecurity,
  securityForPort,
  settingsFromDraft,
  type AccountDraft,
  type ServerChoice,
} from './build';
export { lookupThrough } from './dial';
