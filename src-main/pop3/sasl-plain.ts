/**
 * SASL PLAIN initial response (RFC 4616): base64(authzid NUL authcid NUL password), UTF-8.
 * Kept here because src-main/auth/ had no PLAIN encoder when POP3 needed one.
 */
export function saslPlain(user: string, password: string, authzid = ''): string {
  return Buffer.from(`${authzid}\u0000${user}\u0000${password}`, 'utf8').toString('base64');
}
