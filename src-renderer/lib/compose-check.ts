/** The composer's checks before sending: pure, so they are tested without a screen. */
import { parseAddresses } from './addresses';

export interface ComposeFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
}

/** One sentence per problem that blocks sending; empty when the message can go. */
export function sendProblems(f: ComposeFields): string[] {
  const problems: string[] = [];
  const all = [f.to, f.cc, f.bcc].map(parseAddresses);
  const bad = all.flatMap((p) => p.invalid);
  if (bad.length > 0)
    problems.push(`Fix the address${bad.length > 1 ? 'es' : ''} ${bad.map((b) => `“${b}”`).join(', ')}.`);
  if (all.every((p) => p.valid.length === 0) && bad.length === 0)
    problems.push('Add at least one recipient.');
  return problems;
}

/** Not a blocker, but worth a question. */
export function sendWarnings(f: ComposeFields): string[] {
  return f.subject.trim() === '' ? ['The subject is empty.'] : [];
}
