/** Test helper: a message with its names in a form that compares as names. */
import { canonicalName } from '../name';
import type { DnsMessage, RData, ResourceRecord } from '../types';

/**
 * Names compared as names: canonical spelling, ASCII lower case. Compression matches
 * suffixes without case, so a suffix comes back in the case it was first written in.
 */
export function normalise(msg: DnsMessage): DnsMessage {
  const n = (name: string): string => canonicalName(name).toLowerCase();
  const data = (d: RData): RData => {
    switch (d.type) {
      case 'NS':
      case 'PTR':
        return { ...d, host: n(d.host) };
      case 'CNAME':
        return { ...d, target: n(d.target) };
      case 'MX':
        return { ...d, exchange: n(d.exchange) };
      case 'SRV':
        return { ...d, target: n(d.target) };
      case 'SOA':
        return { ...d, mname: n(d.mname), rname: n(d.rname) };
      default:
        return d;
    }
  };
  const rr = (r: ResourceRecord): ResourceRecord => ({ ...r, name: n(r.name), data: data(r.data) });
  return {
    header: msg.header,
    questions: msg.questions.map((q) => ({ ...q, name: n(q.name) })),
    answers: msg.answers.map(rr),
    authorities: msg.authorities.map(rr),
    additionals: msg.additionals.map(rr),
  };
}
