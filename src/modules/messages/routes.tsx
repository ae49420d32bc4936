import { Elysia } from "elysia";
import { z } from "zod";
import {
  BODY_MAX,
  MessageEntry,
  NewThreadView,
  ReplyArea,
  type ReplyAreaProps,
  SUBJECT_MAX,
  ThreadListView,
  ThreadView,
  UnreadMessages,
} from "../../../views/messages/messages";
import { roleLabel } from "../../../views/people/roles";
import { db } from "../../platform/db";
import { pageAtQuery, pageLinks } from "../../platform/db/keyset";
import { NotFoundError } from "../../platform/errors";
import { bindForm, type FormFailure } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { formatDateTime, lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { recordAction } from "../../web/record-action";
import { childrenOf, guardianPairs } from "../people";
import { type ReadableThread, readableThread, taughtStudents } from "./access";
import { aboutOptions, toMessageItem, toThreadSummary } from "./present";
import { allThreads, messageOf, messagesOf, threadsOfReader, unreadThreadCount } from "./queries";
import { closeThread, markThreadRead, openThread, postMessage, reopenThread } from "./service";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idParams = z.object({ id: z.uuid({ error: lazy("messages.notFound") }) });
const messageParams = idParams.extend({
  messageId: z.string().regex(/^[1-9][0-9]{0,17}$/, { error: lazy("messages.notFound") }),
});
const pageQuery = pageAtQuery;
const body = z
  .string({ error: lazy("messages.error.bodyRequired") })
  .trim()
  .min(1, { error: lazy("messages.error.bodyRequired") })
  .max(BODY_MAX, { error: lazy("messages.error.bodyTooLong", { maximum: BODY_MAX }) });
const replyForm = z.object({ body });
/** `about` is the child (a parent) or "student:parent" (staff), as the form's one select offers them. */
const threadForm = z.object({
  about: z
    .string({ error: lazy("messages.error.about") })
    .transform((value) => value.split(":"))
    .refine((parts) => parts.length <= 2 && parts.every((part) => UUID.test(part)), {
      error: lazy("messages.error.about"),
    })
    .transform(([studentId, parentId]) => ({ studentId: studentId as string, parentId: parentId ?? null })),
  subject: z
    .string({ error: lazy("messages.error.subjectRequired") })
    .trim()
    .min(1, { error: lazy("messages.error.subjectRequired") })
    .max(SUBJECT_MAX, { error: lazy("messages.error.subjectTooLong", { maximum: SUBJECT_MAX }) }),
  body,
});

interface Context {
  actor: Actor;
  page: PageRenderer;
  csrfToken: string;
}

async function listPage(context: Context, query: unknown, everything: boolean) {
  const { actor } = context;
  const at = parseInput(pageQuery, query);
  const list = everything
    ? await allThreads(actor.centreId, actor.userId, at)
    : await threadsOfReader(actor.centreId, actor.userId, await taughtStudents(actor), at);
  const heading = everything ? t("messages.all.title") : t("messages.list.title");
  return context.page(
    <ThreadListView
      heading={heading}
      intro={everything ? t("messages.all.intro") : t("messages.list.intro")}
      threads={list.rows.map((row) => toThreadSummary(row, actor.centre.timeZone))}
      canOpen={roleHas(actor.role, "message.write")}
      allHref={!everything && roleHas(actor.role, "message.read_all") ? "/messages/all" : null}
      links={pageLinks(everything ? "/messages/all" : "/messages", list, at)}
    />,
    { title: heading },
  );
}

/** The students (with their parents) this person may write about. */
async function choosablePairs(actor: Actor) {
  if (actor.role === "parent") {
    const children = await childrenOf(db, actor.centreId, actor.userId);
    const pairs = await guardianPairs(
      db,
      actor.centreId,
      children.map((child) => child.id),
    );
    return pairs.filter((pair) => pair.parentId === actor.userId);
  }
  if (actor.role === "tutor") return guardianPairs(db, actor.centreId, await taughtStudents(actor));
  return guardianPairs(db, actor.centreId);
}

async function newThreadPage(context: Context, failure?: FormFailure) {
  const forParent = context.actor.role === "parent";
  const options = aboutOptions(await choosablePairs(context.actor), forParent);
  return context.page(
    <NewThreadView
      forParent={forParent}
      options={options}
      values={failure?.values ?? {}}
      errors={failure?.errors ?? {}}
      csrfToken={context.csrfToken}
    />,
    { title: t("messages.new.title"), status: failure?.status },
  );
}

function replyProps(actor: Actor, found: ReadableThread, csrfToken: string): ReplyAreaProps {
  const { thread } = found;
  return {
    threadId: thread.id,
    closed: thread.closedAt !== null,
    closedLabel: thread.closedAt
      ? t("messages.thread.closedAt", { at: formatDateTime(thread.closedAt, "medium", actor.centre.timeZone) })
      : null,
    canClose: roleHas(actor.role, "message.write"),
    canReopen: roleHas(actor.role, "message.reopen"),
    csrfToken,
  };
}

async function threadPage(context: Context, id: string, failure?: FormFailure) {
  const { actor } = context;
  const found = await readableThread(actor, id);
  const [messages, inThread] = await Promise.all([messagesOf(actor.centreId, id), markThreadRead(actor, id)]);
  const { thread, participants } = found;
  return context.page(
    <ThreadView
      id={thread.id}
      subject={thread.subject}
      studentName={thread.studentName}
      participants={participants.map((person) => ({ name: person.name, roleLabel: roleLabel(person.role) }))}
      messages={messages.map((message) => toMessageItem(message, actor.userId, actor.centre.timeZone))}
      reply={{ ...replyProps(actor, found, context.csrfToken), values: failure?.values, errors: failure?.errors }}
      readingAsOversight={!inThread}
    />,
    { title: thread.subject, liveTopics: [`thread:${thread.id}`], status: failure?.status },
  );
}

export const messageRoutes = new Elysia({ name: "message-routes" })
  .use(guard)
  .get("/messages", (context) => listPage(context, context.query, false), { permission: "message.read" })
  .get("/messages/all", (context) => listPage(context, context.query, true), { permission: "message.read_all" })
  .get(
    "/messages/unread",
    async ({ actor, page }) => {
      const count = await unreadThreadCount(db, actor.centreId, actor.userId);
      return page(<UnreadMessages count={count} />, { title: t("messages.nav.label") });
    },
    { permission: "message.read" },
  )
  .get("/messages/new", (context) => newThreadPage(context), { permission: "message.write" })
  .post(
    "/messages",
    async (context) =>
      bindForm(threadForm, context.body, {
        valid: async (input) => {
          const id = await openThread(context.actor, { ...input.about, subject: input.subject, body: input.body });
          return redirectTo(context.request, `/messages/${id}`);
        },
        invalid: (failure) => newThreadPage(context, failure),
      }),
    { permission: "message.write" },
  )
  .get("/messages/:id", async (context) => threadPage(context, parseInput(idParams, context.params).id), {
    permission: "message.read",
  })
  .get(
    "/messages/:id/messages/:messageId",
    async ({ params, actor, page }) => {
      const { id, messageId } = parseInput(messageParams, params);
      const found = await readableThread(actor, id);
      const message = await messageOf(actor.centreId, id, messageId);
      if (!message) throw new NotFoundError(t("messages.notFound"));
      // The reader has it on screen: it counts as read.
      await markThreadRead(actor, id);
      const item = toMessageItem(message, actor.userId, actor.centre.timeZone);
      return page(<MessageEntry message={item} />, { title: found.thread.subject });
    },
    { permission: "message.read" },
  )
  .get(
    "/messages/:id/reply",
    async ({ params, actor, csrfToken, page }) => {
      const { id } = parseInput(idParams, params);
      const found = await readableThread(actor, id);
      return page(<ReplyArea {...replyProps(actor, found, csrfToken)} />, { title: found.thread.subject });
    },
    { permission: "message.read" },
  )
  .post(
    "/messages/:id/replies",
    async (context) => {
      const { id } = parseInput(idParams, context.params);
      // Someone who may not read the thread learns nothing more about it than "not found".
      await readableThread(context.actor, id);
      return bindForm(replyForm, context.body, {
        valid: async (input) => {
          await postMessage(context.actor, id, input.body);
          return redirectTo(context.request, `/messages/${id}`);
        },
        invalid: (failure) => threadPage(context, id, failure),
        conflictField: "form",
      });
    },
    { permission: "message.write" },
  )
  .post(
    "/messages/:id/close",
    recordAction(idParams, closeThread, (id) => `/messages/${id}`),
    { permission: "message.write" },
  )
  .post(
    "/messages/:id/reopen",
    recordAction(idParams, reopenThread, (id) => `/messages/${id}`),
    { permission: "message.reopen" },
  );
