/** The SMTP user agent's public surface, for the mailbox orchestrator, the CLI and benches. */
export {
  SmtpClient,
  type BatchItem,
  type BatchOutcome,
  type SmtpClientOptions,
  type SmtpState,
  type SmtpTlsState,
} from './client';
export {
  submit,
  submitMessages,
  submissionPort,
  type DeliveryHop,
  type DeliveryReport,
  type OutgoingMessage,
  type RejectedRecipient,
  type SubmissionOptions,
  type SubmissionOutcome,
} from './delivery';
export { deliverDirect, groupByDomain, type DirectOptions } from './direct';
export type { Envelope, RecipientResult, TransactionResult } from './transaction';
export type { SmtpCapabilities } from './ehlo';
export type { SmtpReply } from './reply';
