import type { JobsOptions, Queue } from "bullmq";
import { eventHandler } from "../events";
import type { EventRelay } from "../events/drainer";
import type { EventPayloads } from "../events/types";
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

/**
 * The worker's drainer hands a mail.queued event straight to the mail queue as its send job
 * (src/worker.ts): no events job in between. The job id is the email's own, so an event handed
 * over twice, or by the handler below as well, is one job.
 */
export function mailRelay(queue: Queue = createQueue(QUEUES.mail)): EventRelay {
  return {
    type: "mail.queued",
    queue,
    job: (event) => {
      const { mailId } = event.payload as EventPayloads["mail.queued"];
      return {
        name: "send",
        data: { mailId, centreId: event.centreId },
        opts: { ...MAIL_JOB_OPTIONS, jobId: mailJobId(mailId) },
      };
    },
  };
}

let queue: ReturnType<typeof createQueue> | undefined;

/**
 * Moves a queued email from the outbox to the mail queue when it reaches the events queue: events
 * drained before the relay existed, or by a drainer started without it.
 */
export const mailEventHandlers = [
  eventHandler("mail.queued", "mail.enqueue", async (event) => {
    queue ??= createQueue(QUEUES.mail);
    await queue.add(
      "send",
      { mailId: event.payload.mailId, centreId: event.centreId },
      { ...MAIL_JOB_OPTIONS, jobId: mailJobId(event.payload.mailId) },
    );
  }),
];
