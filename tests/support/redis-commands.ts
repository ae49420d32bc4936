import type { Command, Redis } from "ioredis";
import { redis } from "../../src/platform/redis";

export interface SentCommand {
  name: string;
  args: unknown[];
}

/**
 * Every command a Redis client (the app's shared one by default) sends while `work` runs, in order
 * (a MULTI's commands each on their own): what tests count round trips with, as
 * `statementsDuring` counts SQL. Each is taken as it was sent: ioredis may rewrite a command object
 * afterwards (an EVALSHA answered NOSCRIPT is sent again as EVAL).
 */
export async function redisCommandsDuring(work: () => Promise<unknown>, client: Redis = redis): Promise<SentCommand[]> {
  const sent: SentCommand[] = [];
  const original = client.sendCommand.bind(client);
  client.sendCommand = ((command: Command, stream?: unknown) => {
    sent.push({ name: command.name, args: [...command.args] });
    return original(command, stream as never);
  }) as typeof client.sendCommand;
  try {
    await work();
  } finally {
    client.sendCommand = original;
  }
  return sent;
}
