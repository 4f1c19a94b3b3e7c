/**
 * The DNS wire codec in one import: what the resolver, the CLI and the benchmarks use.
 * The parts: name.ts (names and compression pointers), address.ts (A/AAAA text),
 * rdata.ts (record data per type), message.ts (header, sections, queries) and
 * writer.ts (the encoding buffer and name compression); query.ts writes queries directly.
 */
export {
  decodeHeader,
  decodeMessage,
  encodeMessage,
  buildQuery,
  withId,
  ednsInfo,
  HEADER_OCTETS,
} from './message';
export type { EdnsInfo } from './message';
export {
  namesEqual,
  canonicalName,
  parseName,
  MAX_NAME_OCTETS,
  MAX_LABEL_OCTETS,
  MAX_POINTER_HOPS,
} from './name';
export { ipv4FromText, ipv6FromText } from './address';
