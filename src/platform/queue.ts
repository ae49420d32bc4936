import { type JobsOptions, type Processor, Queue, Worker } from "bullmq";
import { config } from "../config";
import { log } from "./log";
import { jobsProcessed } from "./metrics/registry";
import { createQueueConnection } from "./redis";

export const QUEUES = {
  housekeeping: "housekeeping",
  files: "files",
  paper: "paper",
  classes: "classes",
  events: "events",
  mail: "mail",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job retries with exponential backoff; failures are kept so an admin can inspect and retry them. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};

export function createQueue(name: QueueName): Queue {
  return new Queue(name, { connection: createQueueConnection(), defaultJobOptions });
}

export function createWorker<Data, Result>(name: QueueName, processor: Processor<Data, Result>): Worker<Data, Result> {
  const lockMs = config.QUEUE_LOCK_SECONDS * 1000;
  const worker = new Worker<Data, Result>(name, processor, {
    connection: createQueueConnection(),
    concurrency: 4,
    lockDuration: lockMs,
    stalledInterval: lockMs,
  });
  worker.on("completed", () => jobsProcessed.inc({ queue: name, outcome: "completed" }));
  worker.on("failed", (job, error) => {
    jobsProcessed.inc({ queue: name, outcome: "failed" });
    log.error({ queue: name, jobId: job?.id, err: error }, "job failed");
  });
  worker.on("error", (error) => log.error({ queue: name, err: error }, "worker error"));
  return worker;
}
