export { MAIL_JOB_OPTIONS, mailEventHandlers, mailJobId, mailRelay } from "./jobs";
export { type MailToQueue, messageIdFor, queueMail } from "./queue-mail";
export {
  type AnyMailTemplate,
  type ComposeMail,
  type MailContent,
  type MailRecipient,
  type MailTemplate,
  MailTemplates,
  mailTemplate,
} from "./template";
export { type MailTransport, type OutgoingMail, smtpTransport } from "./transport";
export {
  type MailFrame,
  type MailRecipientDetails,
  type MailWorkerParts,
  requeueStrandedMail,
  sendQueuedMail,
  startMailWorker,
} from "./worker";
