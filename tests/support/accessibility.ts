import { join } from "node:path";
import type { Page } from "playwright";

/**
 * Accessibility checks for browser tests: axe-core's rules, and a walk with the Tab key. Both
 * return problems as readable lines instead of throwing, so a journey can visit every page and
 * report everything it found at the end.
 */

const AXE_SOURCE = await Bun.file(join(import.meta.dir, "../../node_modules/axe-core/axe.min.js")).text();
const BLOCKING = new Set(["serious", "critical"]);

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations. The
 * source is evaluated through the DevTools protocol, which the page's CSP (no inline scripts)
 * does not govern, so the check runs against the real headers.
 */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run({ resultTypes: ["violations"] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ""))
    .map((violation) => {
      const where = violation.nodes
        .slice(0, 3)
        .map((node) => `      ${node.target.join(" ")}: ${(node.failureSummary ?? "").replaceAll("\n", " ")}`)
        .join("\n");
      return `${label}: [${violation.impact}] ${violation.id}: ${violation.help}\n${where}`;
    });
}

/**
 * In the page: numbers every control a keyboard user must be able to reach (one radio per
 * group), then records each focus and whether it showed a focus indicator. Plain JavaScript
 * in a string, because the DOM types are not part of this project's TypeScript setup.
 */
const START_WALK = `(() => {
  const selector = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  const groups = new Map();
  let count = 0;
  for (const element of document.querySelectorAll(selector)) {
    if (element.getClientRects().length === 0 || element.closest("[inert], [hidden]")) continue;
    if (element.type === "radio") {
      const key = (element.form ? [...document.forms].indexOf(element.form) : -1) + ":" + element.name;
      if (groups.has(key)) { element.dataset.kbAs = groups.get(key); continue; }
      groups.set(key, String(count));
    }
    element.dataset.kb = String(count++);
  }
  const walk = { reached: new Set(), unseen: new Set() };
  globalThis.kbWalk = walk;
  const describe = (element) => "<" + element.tagName.toLowerCase() + (element.name ? " name=" + element.name : "") + ">" +
    (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40);
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    const id = target.dataset.kbAs ?? target.dataset.kb;
    if (id !== undefined) walk.reached.add(id);
    const style = getComputedStyle(target);
    if (style.outlineStyle === "none" && style.boxShadow === "none") walk.unseen.add(describe(target));
  });
  document.activeElement?.blur();
  return count;
})()`;

const WALK_DONE = "globalThis.kbWalk.reached.size";

const WALK_RESULT = `(() => {
  const walk = globalThis.kbWalk;
  const missed = [...document.querySelectorAll("[data-kb]")]
    .filter((element) => !walk.reached.has(element.dataset.kb))
    .map((element) => "<" + element.tagName.toLowerCase() + ">" + (element.textContent || "").trim().slice(0, 40));
  return { missed, unseen: [...walk.unseen] };
})()`;

/**
 * Walks the page with Tab alone and returns what a keyboard user could not do: controls the
 * walk never reached, and controls that took focus without a visible focus indicator.
 */
export async function keyboardProblems(page: Page, label: string): Promise<string[]> {
  const count = (await page.evaluate(START_WALK)) as number;
  // Date and time inputs take one Tab stop per part (day, month, hours...), so walk until every
  // control has been reached or the walk has gone round the page, whichever comes first.
  for (let press = 0; press < count * 4 + 10; press += 12) {
    for (let step = 0; step < 12; step++) await page.keyboard.press("Tab");
    if (((await page.evaluate(WALK_DONE)) as number) >= count) break;
  }
  const result = (await page.evaluate(WALK_RESULT)) as { missed: string[]; unseen: string[] };
  return [
    ...result.missed.map((what) => `${label}: Tab never reaches ${what}`),
    ...result.unseen.map((what) => `${label}: no visible focus on ${what}`),
  ];
}

/** Both checks for the page as it stands; the walk runs last because it moves the focus. */
export async function accessibilityProblems(page: Page, label: string): Promise<string[]> {
  return [...(await axeViolations(page, label)), ...(await keyboardProblems(page, label))];
}

/**
 * Presses an access key as Chromium on Linux expects it: Alt with the key's character. Blink
 * matches access keys on the character event, which Playwright's keyboard does not send while
 * Alt is held, so the key goes through the DevTools protocol instead.
 */
export async function pressAccessKey(page: Page, key: string): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const code = `Key${key.toUpperCase()}`;
  const common = { modifiers: 1, key, code, windowsVirtualKeyCode: key.toUpperCase().charCodeAt(0) };
  try {
    await session.send("Input.dispatchKeyEvent", { type: "keyDown", text: key, unmodifiedText: key, ...common });
    await session.send("Input.dispatchKeyEvent", { type: "keyUp", ...common });
  } finally {
    await session.detach();
  }
}
