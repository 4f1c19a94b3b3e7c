import { MailwrightError } from '../model/errors';

/**
 * For tests: waits for `p` to reject and returns its MailwrightError. A success, or a
 * rejection with anything else, fails the test with a message saying which.
 */
export async function rejectionOf(p: Promise<unknown>): Promise<MailwrightError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MailwrightError) return e;
    throw new Error(`expected a MailwrightError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a MailwrightError, got success');
}
