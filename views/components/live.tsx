import type { Child } from "#html/jsx-runtime";

/**
 * The page's one live connection (htmx 4 SSE extension, loaded with htmx as public/vendor/htmx-live.min.js). Every
 * message carries <hx-partial> fragments aimed at LiveRegions, so the element itself never
 * changes (hx-swap="none"). Extra topics (e.g. "marking:<tutorId>", "class:<classId>") are
 * authorised by the server on connect. The layout renders it for signed-in pages; pass topics
 * through the page options (`page(view, { title, liveTopics })`).
 */
export function LiveStream({ topics = [] }: { topics?: string[] }) {
  const query = topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join("&");
  return <div hx-sse:connect={query ? `/events/live?${query}` : "/events/live"} hx-swap="none" hidden />;
}

/**
 * A named region a live message replaces (or adds to): publishLive(channel, { event: name, html }).
 * The initial content is what the page rendered; it also stands when JavaScript is off.
 */
export function LiveRegion({ name, children, block }: { name: string; children?: Child; block?: boolean }) {
  if (block) return <div id={`live-${name}`}>{children}</div>;
  return <span id={`live-${name}`}>{children}</span>;
}
