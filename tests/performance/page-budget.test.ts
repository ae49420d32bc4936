import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { ROLES } from "../../src/platform/db/schema";
import { PUBLIC } from "../../src/platform/permissions";
import { pagePathWithRealIds, type RealRows, realRows } from "../security/real-rows";
import { allowedFor, ORIGIN, routesOf, send } from "../security/walk";
import {
  anonymousCredentials,
  type Credentials,
  createPlatformAdmin,
  kioskCredentials,
  signedInAs,
} from "../support/fixtures";

/**
 * Issue 17, acceptance 4: the page budget of every page in the route table that renders HTML,
 * for every role that may open it, as a browser on a slow connection receives it (brotli):
 * - a first visit (the document and every script, stylesheet and icon it links) ≤ 30 KB;
 * - a repeat visit (assets are fingerprinted and immutable, so only the document) ≤ 10 KB;
 * - the htmx fragment of the page (what a click inside the app fetches) ≤ 5 KB.
 * Sizes are bytes on the wire: the status line, the headers and the compressed body. Pictures the
 * centre uploads (avatars, lesson images) are lazy and not part of a page's own weight.
 */

const KB = 1024;
const FIRST_VISIT = 30 * KB;
const REPEAT_VISIT = 10 * KB;
const FRAGMENT = 5 * KB;

const app = createApp();
type Who = (typeof ROLES)[number] | "kiosk" | "anonymous";
const EVERYONE: Who[] = [...ROLES, "kiosk", "anonymous"];
/** Not pages: streams, files and downloads. */
const NOT_PAGES = /\/(events|stream|sse)(\/|$)|\/download$|\.(pdf|csv|png|svg|webp|jpg)$|^\/(assets|storage)\//;
const ACCEPT = { "accept-encoding": "br, gzip", "accept-language": "en-GB,en;q=0.9" };

let rows: RealRows;
const credentials = new Map<Who, Credentials>();

beforeAll(async () => {
  rows = await realRows("page-budget", { features: { gamification: true, video_sessions: true, qr_scanning: true } });
  const platformAdmin = await createPlatformAdmin();
  for (const who of EVERYONE) {
    if (who === "anonymous") credentials.set(who, anonymousCredentials());
    else if (who === "kiosk") credentials.set(who, await kioskCredentials(rows.kiosk));
    else if (who === "platform_admin")
      credentials.set(who, await signedInAs(platformAdmin, { actingIn: rows.centre.id }));
    else credentials.set(who, await signedInAs(rows.centre.people[who]));
  }
}, 60_000);

/** Bytes on the wire of a response: status line, headers and the body as sent (compressed). */
async function wireBytes(response: Response): Promise<{ bytes: number; body: string }> {
  const raw = new Uint8Array(await response.arrayBuffer());
  let headerBytes = `HTTP/1.1 ${response.status} OK\r\n`.length + 2;
  response.headers.forEach((value, name) => {
    headerBytes += name.length + value.length + 4;
  });
  const encoding = response.headers.get("content-encoding");
  const text =
    encoding === "br"
      ? (await import("node:zlib")).brotliDecompressSync(raw).toString("utf8")
      : encoding === "gzip"
        ? Bun.gunzipSync(raw).toString()
        : new TextDecoder().decode(raw);
  return { bytes: headerBytes + raw.byteLength, body: text };
}

/** Each linked asset's weight, fetched once: the same URL is cached by the browser across pages. */
const assetBytes = new Map<string, Promise<number>>();

function assetWeight(url: string): Promise<number> {
  let weight = assetBytes.get(url);
  if (!weight) {
    weight = app.handle(new Request(`${ORIGIN}${url}`, { headers: ACCEPT })).then(async (response) => {
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      return (await wireBytes(response)).bytes;
    });
    assetBytes.set(url, weight);
  }
  return weight;
}

/** Scripts, stylesheets and icons the document makes a browser fetch. */
function linkedAssets(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] as string);
  const links = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\srel="(stylesheet|icon|modulepreload|preload)"/.test(tag))
    .map((tag) => /\shref="([^"]+)"/.exec(tag)?.[1])
    .filter((href): href is string => href?.startsWith("/") === true);
  return [...new Set([...scripts, ...links])];
}

interface Weighed {
  where: string;
  firstVisit: number;
  repeatVisit: number;
  fragment: number | null;
}

async function weigh(path: string, who: Who): Promise<Weighed | null> {
  const as = credentials.get(who) as Credentials;
  const page = await send(app, "GET", path, as, { headers: ACCEPT });
  if (page.status !== 200 || !(page.headers.get("content-type") ?? "").startsWith("text/html")) {
    await page.body?.cancel();
    return null;
  }
  const document = await wireBytes(page);
  const assets = await Promise.all(linkedAssets(document.body).map(assetWeight));
  const piece = await send(app, "GET", path, as, { headers: { ...ACCEPT, "hx-request": "true" } });
  let fragment: number | null = null;
  if (piece.status === 200) fragment = (await wireBytes(piece)).bytes;
  else await piece.body?.cancel();
  return {
    where: `${path} (${who})`,
    firstVisit: document.bytes + assets.reduce((sum, bytes) => sum + bytes, 0),
    repeatVisit: document.bytes,
    fragment,
  };
}

describe("page weight budget", () => {
  test("every HTML page, for every role that may open it: first visit, repeat visit and fragment", async () => {
    const visits = routesOf(app)
      .filter((route) => route.method === "GET" && !NOT_PAGES.test(route.path))
      .flatMap((route) =>
        EVERYONE.filter((who) => allowedFor(route.permission as string, who))
          // Public pages are what a visitor signed out sees; signed in, they redirect or look the same.
          .filter((who) => route.permission !== PUBLIC || who === "anonymous")
          .map((who) => ({ path: pagePathWithRealIds(route.path, rows), who })),
      );
    const weighed: Weighed[] = [];
    let next = 0;
    const worker = async () => {
      while (next < visits.length) {
        const visit = visits[next++] as (typeof visits)[number];
        const result = await weigh(visit.path, visit.who);
        if (result) weighed.push(result);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));

    const overs = weighed.flatMap((page) => [
      ...(page.firstVisit > FIRST_VISIT ? [`${page.where}: first visit ${page.firstVisit} B`] : []),
      ...(page.repeatVisit > REPEAT_VISIT ? [`${page.where}: repeat visit ${page.repeatVisit} B`] : []),
      ...(page.fragment !== null && page.fragment > FRAGMENT ? [`${page.where}: fragment ${page.fragment} B`] : []),
    ]);
    const heaviest = (pick: (page: Weighed) => number | null) =>
      weighed.reduce((max, page) => ((pick(page) ?? 0) > (pick(max) ?? 0) ? page : max));
    const first = heaviest((page) => page.firstVisit);
    const repeat = heaviest((page) => page.repeatVisit);
    const fragment = heaviest((page) => page.fragment);
    console.log(
      `page budget: ${weighed.length} page views of ${new Set(weighed.map((page) => page.where.split(" ")[0])).size} pages; ` +
        `heaviest first visit ${first.firstVisit} B ${first.where}, repeat ${repeat.repeatVisit} B ${repeat.where}, ` +
        `fragment ${fragment.fragment} B ${fragment.where}`,
    );
    // A walk that weighed a handful of pages would prove little.
    expect(weighed.length).toBeGreaterThan(150);
    expect(overs).toEqual([]);
  }, 120_000);

  test("the budget notices a heavy page: a document linking a large asset is over", async () => {
    const html = '<html><head><script src="/assets/x.js"></script><link rel="stylesheet" href="/a.css"></head></html>';
    expect(linkedAssets(html)).toEqual(["/assets/x.js", "/a.css"]);
    const heavy = new Response(new Uint8Array(FIRST_VISIT + 1), { headers: { "content-type": "text/html" } });
    expect((await wireBytes(heavy)).bytes).toBeGreaterThan(FIRST_VISIT);
  });
});
