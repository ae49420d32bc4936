import type { JobsOptions } from "bullmq";
import { eventHandler } from "../events";
import { createQueue, defaultJobOptions, QUEUES } from "../queue";

/**
 * Mail keeps trying for about three hours (5 s doubling, 12 attempts), longer than a mail
 * server's restart or a provider's outage; the alert fires after 15 minutes of failures.
 */
export const MAIL_JOB_OPTIONS: JobsOptions = {
  ...defaultJobOptions,
  attempts: 12,
  backoff: { type: "exponential", delay: 5000 },
};

/** The job id BullMQ dedupes on: one email, one job, however often it is handed over. */
export function mailJobId(mailId: string): string {
  return `mail-${mailId}`;
}

let queue: ReturnType<typeof createQueue> | undefined;

/** Moves a queued email from the outbox to the mail queue (the events worker runs this after the commit). */
export const mailEventHandlers = [
  eventHandler("mail.queued", "mail.enqueue", async (event) => {
    queue ??= createQueue(QUEUES.mail);
    await queue.add(
      "send",
      { mailId: event.payload.mailId },
      { ...MAIL_JOB_OPTIONS, jobId: mailJobId(event.payload.mailId) },
    );
  }),
];
