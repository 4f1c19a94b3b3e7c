/**
 * Run in a child process by keychain.int.test.ts with a chosen environment (no bus; a bus
 * without a keyring), so the real keytar meets the real failure: prints one JSON line
 * with which store openSecretStore picked, the keychain error, and a session-store
 * round trip.
 */
import { openSecretStore } from '../keychain';

const opened = await openSecretStore();
await opened.store.set('child-account', 'imap', 'child-password');
const roundTrip = await opened.store.get('child-account', 'imap');
process.stdout.write(
  `${JSON.stringify({
    kind: opened.store.kind,
    problem: opened.keychainProblem?.toJSON(),
    roundTrip: roundTrip === 'child-password',
  })}\n`,
);
