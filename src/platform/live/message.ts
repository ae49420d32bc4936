import type { SafeHtml } from "#html/jsx-runtime";

/** How a fragment lands in its region: replace the region's content, add to its start or its end. */
export type LiveSwap = "innerHTML" | "afterbegin" | "beforeend" | "outerHTML";

/** One named region's new content. The page marks the region with <LiveRegion name="..."> (views/components/live.tsx). */
export interface LivePart {
  event: string;
  html: SafeHtml | string;
  swap?: LiveSwap;
}

export interface LiveMessage extends LivePart {
  /** Only for messages a reconnecting client must not miss (notifications): the SSE event id. */
  id?: string;
}

/** What travels over Redis: the rendered data, ready to frame. */
export interface WireMessage {
  id?: string;
  data: string;
}

const EVENT_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** The DOM id a region carries; events are plain names so they can never break out of the selector. */
export function regionId(event: string): string {
  if (!EVENT_NAME.test(event)) throw new Error(`Invalid live event name: ${event}`);
  return `live-${event}`;
}

/**
 * htmx 4's SSE extension swaps an unnamed message into the connecting element; we send every
 * fragment as an <hx-partial> aimed at its region instead, so one stream feeds many regions and
 * the connecting element itself is never replaced.
 */
export function renderParts(parts: LivePart[]): string {
  return parts
    .map((part) => {
      const html = typeof part.html === "string" ? part.html : part.html.html;
      return `<hx-partial hx-target="#${regionId(part.event)}" hx-swap="${part.swap ?? "innerHTML"}">${html}</hx-partial>`;
    })
    .join("");
}

/** One SSE frame. Data lines are split on newlines so a fragment with line breaks stays one message. */
export function sseFrame(message: WireMessage): string {
  const id = message.id ? `id: ${message.id}\n` : "";
  const data = message.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("");
  return `${id}${data}\n`;
}
