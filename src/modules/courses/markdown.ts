import MarkdownIt from "markdown-it";
import { raw, type SafeHtml } from "#html/jsx-runtime";

/**
 * The one renderer whose output is trusted as HTML for lesson materials. Raw HTML in the source
 * is escaped (html: false), and markdown-it's default validateLink refuses javascript:, vbscript:,
 * file: and non-image data: URLs, so authored text can format but never script.
 */
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false });

// Links written by an author leave the site; do not hand the opened page a reference back to ours.
const defaultLinkOpen = renderer.renderer.rules.link_open;
renderer.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]?.attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen
    ? defaultLinkOpen(tokens, index, options, env, self)
    : self.renderToken(tokens, index, options);
};

export function renderMarkdown(source: string): SafeHtml {
  return raw(renderer.render(source));
}
