import { MessagePlaceholder, ReplyPlaceholder, UnreadPlaceholder } from "../../../views/messages/messages";
import { db } from "../../platform/db";
import { liveChannel, publishLiveParts } from "../../platform/live";
import { defineLiveTopic } from "../../platform/live/topics";
import { mayRead } from "./access";
import { participantsOf, threadRecord } from "./queries";

/**
 * Live pushes carry no words and no message text: each page that follows the thread fetches what
 * changed itself, in its reader's language and only while they may still read the thread.
 */

/** One thread's page: those who may read the thread (never a student). */
export const threadTopic = defineLiveTopic("thread", async (viewer, id) => {
  const thread = await threadRecord(db, viewer.centreId, id);
  if (!thread) return null;
  const participants = await participantsOf(db, viewer.centreId, id);
  return (await mayRead(viewer, thread, participants)) ? liveChannel.thread(id) : null;
});

export async function publishNewMessage(threadId: string, messageId: string): Promise<void> {
  await publishLiveParts(liveChannel.thread(threadId), [
    { event: "thread-messages", html: MessagePlaceholder({ threadId, messageId }), swap: "beforeend" },
  ]);
}

/** The thread was closed or reopened: its pages fetch their reply area again. */
export async function publishReplyState(threadId: string): Promise<void> {
  await publishLiveParts(liveChannel.thread(threadId), [
    { event: "thread-reply", html: ReplyPlaceholder({ threadId }) },
  ]);
}

export async function publishUnreadCount(userId: string): Promise<void> {
  await publishLiveParts(liveChannel.user(userId), [{ event: "message-count", html: UnreadPlaceholder() }]);
}
