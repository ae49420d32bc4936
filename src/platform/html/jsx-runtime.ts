/**
 * A small JSX runtime that renders straight to HTML strings.
 *
 * Every string child and attribute value is escaped. The only way to emit markup that is not
 * escaped is to wrap it in `raw()`, so trusted HTML is visible at the call site and in review.
 */

const SAFE = Symbol("aetherlearn.safeHtml");

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly html: string;
}

export type Child = SafeHtml | string | number | boolean | null | undefined | Child[];

type Props = Record<string, unknown> & { children?: Child };
type Component = (props: Props) => SafeHtml;

const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const NEEDS_ESCAPING = /[&<>"']/;

/** Most text has nothing to escape: it is then returned as it is, without a replace pass. */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPING.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string) : text;
}

/** Attribute names already found valid: a page repeats the same few dozen names thousands of times. */
const VALID_ATTRIBUTES = new Set<string>();

/** Marks a string as trusted HTML. Only for markup produced by our own renderers. */
export function raw(html: string): SafeHtml {
  return { [SAFE]: true, html };
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && SAFE in value;
}

export function renderChildren(children: Child): string {
  if (children === null || children === undefined || children === false || children === true) return "";
  if (Array.isArray(children)) {
    // Concatenated, not joined: a large child (a cached 200 KB markbook) is then copied once when
    // the page is sent, not once per element wrapping it.
    let out = "";
    for (const child of children) out += renderChildren(child);
    return out;
  }
  if (isSafeHtml(children)) return children.html;
  return escapeHtml(String(children));
}

function renderAttributes(props: Props): string {
  let out = "";
  for (const [name, value] of Object.entries(props)) {
    if (name === "children" || value === false || value === null || value === undefined) continue;
    const attribute = name === "className" ? "class" : name;
    if (!VALID_ATTRIBUTES.has(attribute)) {
      if (!/^[a-zA-Z_:@][a-zA-Z0-9_.:@-]*$/.test(attribute)) throw new Error(`Invalid attribute name: ${attribute}`);
      if (VALID_ATTRIBUTES.size < 10_000) VALID_ATTRIBUTES.add(attribute);
    }
    out += value === true ? ` ${attribute}` : ` ${attribute}="${escapeHtml(String(value))}"`;
  }
  return out;
}

export function jsx(tag: string | Component, props: Props): SafeHtml {
  if (typeof tag === "function") return tag(props);
  const open = `<${tag}${renderAttributes(props)}>`;
  if (VOID_ELEMENTS.has(tag)) return raw(open);
  return raw(`${open}${renderChildren(props.children)}</${tag}>`);
}

export const jsxs = jsx;

export function Fragment(props: { children?: Child }): SafeHtml {
  return raw(renderChildren(props.children));
}

export namespace JSX {
  export type Element = SafeHtml;
  export interface ElementChildrenAttribute {
    children: unknown;
  }
  export interface IntrinsicElements {
    [element: string]: Record<string, unknown>;
  }
}
