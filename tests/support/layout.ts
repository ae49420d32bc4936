import type { Page } from "playwright";

/**
 * Layout checks for browser tests, in either writing direction: text boxes that overlap, text
 * outside the viewport or a page that scrolls sideways, back/next arrows that point the wrong
 * way for the direction, and a site header that does not start on the reading side.
 */

interface Layout {
  wrongArrows: string[];
  lang: string;
  dir: string;
  overlaps: string[];
  outside: string[];
  scrollsSideways: boolean;
  nav: {
    brandLeft: number;
    brandRight: number;
    headerLeft: number;
    headerRight: number;
    linkLefts: number[];
    linkTops: number[];
  } | null;
}

/**
 * In the page: the layout facts to judge. Text-bearing leaves are elements with text of their
 * own, measured by the boxes of that text (a Range), so a block's empty width does not count;
 * a pair where one element contains the other is not an overlap. Plain JavaScript in a string,
 * because the DOM types are not part of this project's TypeScript setup.
 */
const MEASURE = `(() => {
  // Whether an element and its ancestors are shown, each ancestor asked once (pages hold hundreds
  // of text leaves sharing the same few ancestors).
  const shown = new Map();
  const shownChain = (node) => {
    if (!node || node === document || node === document.documentElement) return true;
    let answer = shown.get(node);
    if (answer === undefined) {
      const style = getComputedStyle(node);
      answer = style.display !== "none" && style.visibility !== "hidden" &&
        !node.classList.contains("visually-hidden") && !node.classList.contains("skip-link") &&
        shownChain(node.parentElement);
      shown.set(node, answer);
    }
    return answer;
  };
  // Also false inside a closed <details>, whose content Chromium skips (content-visibility).
  const visible = (element) => element.checkVisibility() && shownChain(element);
  const describe = (element) => "<" + element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (element.className && typeof element.className === "string" ? "." + element.className.split(" ").join(".") : "") + "> " +
    (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  const leaves = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "TEMPLATE"].includes(element.tagName)) continue;
    const texts = [...element.childNodes].filter((node) => node.nodeType === 3 && node.textContent.trim() !== "");
    const control = ["BUTTON", "INPUT", "SELECT", "TEXTAREA"].includes(element.tagName) && element.type !== "hidden";
    if (texts.length === 0 && !control) continue;
    if (!visible(element)) continue;
    let rect;
    if (control) rect = element.getBoundingClientRect();
    else {
      const range = document.createRange();
      range.setStartBefore(texts[0]);
      range.setEndAfter(texts[texts.length - 1]);
      // Glyph boxes can stand taller than a tight line-height; the element's own box bounds them.
      const own = element.getBoundingClientRect();
      const boxes = [...range.getClientRects()]
        .map((box) => ({ left: box.left, right: box.right, top: Math.max(box.top, own.top), bottom: Math.min(box.bottom, own.bottom) }))
        .filter((box) => box.right - box.left > 0 && box.bottom - box.top > 0);
      if (boxes.length === 0) continue;
      rect = {
        left: Math.min(...boxes.map((b) => b.left)), right: Math.max(...boxes.map((b) => b.right)),
        top: Math.min(...boxes.map((b) => b.top)), bottom: Math.max(...boxes.map((b) => b.bottom)),
        boxes,
      };
    }
    if (rect.right - rect.left < 1 || rect.bottom - rect.top < 1) continue;
    leaves.push({ element, rect, boxes: rect.boxes ?? [rect] });
  }
  const overlaps = [];
  const tolerance = 1;
  const cross = (a, b) => a.left + tolerance < b.right && b.left + tolerance < a.right &&
    a.top + tolerance < b.bottom && b.top + tolerance < a.bottom;
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i], b = leaves[j];
      if (!cross(a.rect, b.rect)) continue;
      if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
      // Wrapped inline text: compare the line boxes themselves, not their bounding rectangle.
      if (a.boxes.some((x) => b.boxes.some((y) => cross(x, y))))
        overlaps.push(describe(a.element) + " overlaps " + describe(b.element));
    }
  }
  const width = document.documentElement.clientWidth;
  const outside = leaves
    .filter(({ rect }) => rect.left < -tolerance || rect.right > width + tolerance)
    .map(({ element, rect }) => describe(element) + " at " + Math.round(rect.left) + ".." + Math.round(rect.right));
  const header = document.querySelector(".site-header");
  const brand = document.querySelector(".site-header .brand");
  const links = [...document.querySelectorAll("nav.site-nav a")].map((a) => a.getBoundingClientRect());
  const headerBox = header?.getBoundingClientRect();
  const headerStyle = header ? getComputedStyle(header) : null;
  const nav = header && brand ? {
    brandLeft: brand.getBoundingClientRect().left,
    brandRight: brand.getBoundingClientRect().right,
    headerLeft: headerBox.left + parseFloat(headerStyle.paddingLeft),
    headerRight: headerBox.right - parseFloat(headerStyle.paddingRight),
    linkLefts: links.map((r) => r.left),
    linkTops: links.map((r) => r.top),
  } : null;
  // Back arrows lead a text and point to where reading came from; next arrows end it and point on:
  // "← back", "next →" left to right; "→ back", "next ←" right to left.
  const rtl = getComputedStyle(document.body).direction === "rtl";
  const [backwards, onwards] = rtl ? ["→", "←"] : ["←", "→"];
  const wrongArrows = leaves
    .map(({ element }) => (element.textContent || "").trim())
    .filter((text) => text.startsWith(onwards) || text.endsWith(backwards));
  return {
    wrongArrows,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    overlaps,
    outside,
    scrollsSideways: document.documentElement.scrollWidth > width + tolerance,
    nav,
  };
})()`;

/** Whether the header starts on the reading side and its links run in reading order. */
function headerProblems(nav: NonNullable<Layout["nav"]>, rtl: boolean): string[] {
  const problems: string[] = [];
  const [brandEdge, headerEdge, side] = rtl
    ? [nav.brandRight, nav.headerRight, "right"]
    : [nav.brandLeft, nav.headerLeft, "left"];
  if (Math.abs(brandEdge - headerEdge) > 2)
    problems.push(`the header does not start on the ${side}: brand at ${brandEdge}, header edge ${headerEdge}`);
  const { linkLefts, linkTops } = nav;
  for (let i = 1; i < linkLefts.length; i++) {
    if (linkTops[i] !== linkTops[i - 1]) continue;
    const ahead = rtl
      ? (linkLefts[i] as number) < (linkLefts[i - 1] as number)
      : (linkLefts[i] as number) > (linkLefts[i - 1] as number);
    if (!ahead) problems.push(`nav link ${i + 1} is not after link ${i} in reading order`);
  }
  return problems;
}

/**
 * Everything wrong with the page's layout as it stands at its current viewport, each line
 * starting with `where`. `expected` is the language and direction the page must declare.
 */
export async function layoutProblems(
  page: Page,
  where: string,
  expected: { lang: string; dir: "ltr" | "rtl" },
): Promise<string[]> {
  const layout = (await page.evaluate(MEASURE)) as Layout;
  const problems: string[] = [];
  if (layout.lang !== expected.lang || (layout.dir || "ltr") !== expected.dir)
    problems.push(`<html lang=${layout.lang} dir=${layout.dir}>, not ${expected.lang} ${expected.dir}`);
  problems.push(...layout.overlaps);
  problems.push(...layout.outside.map((outside) => `outside the viewport: ${outside}`));
  if (layout.scrollsSideways) problems.push("the page scrolls sideways");
  problems.push(...layout.wrongArrows.map((text) => `an arrow points the other direction's way: "${text}"`));
  if (layout.nav) problems.push(...headerProblems(layout.nav, expected.dir === "rtl"));
  return problems.map((problem) => `${where}: ${problem}`);
}
