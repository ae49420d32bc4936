/**
 * The real worker (src/worker.ts) that also knows the tests' own email, `batchMail`: tests queue
 * it with queueMail like any module's email and read what arrives at the SMTP server.
 */
import { mailTemplate } from "../../src/platform/mail";
import { startWorkerProcess } from "../../src/worker";

/** This file, as the entry startWorker runs. */
export const MAIL_TEST_WORKER = "tests/support/mail-worker.ts";

export const batchMail = mailTemplate<{ n: number; link: string }>("test.batch", (params, recipient) => ({
  subject: `Batch email ${params.n}`,
  greeting: `Hello ${recipient.name},`,
  paragraphs: [`This is email number ${params.n} of a batch.`],
  action: { label: "Open", url: params.link },
}));

if (import.meta.main) await startWorkerProcess([], [batchMail]);
