export * from './connection';
export { ByteReader, type ByteReaderStats } from './byte-reader';
export { redactClientLine, isContinuationRequest, REDACTED, type RedactContext } from './redact';
