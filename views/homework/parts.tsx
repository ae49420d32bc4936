import type { StatusBadge } from "../../src/modules/homework/present";

/** Plain text typed by a person, one paragraph per blank-line-separated block. */
export function Paragraphs({ text }: { text: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <>
      {blocks.map((block) => (
        <p>
          {block.split("\n").map((line, index) => (
            <>
              {index > 0 && <br />}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

export function Badge({ badge }: { badge: StatusBadge }) {
  return <span class={badge.tone ? `badge ${badge.tone}` : "badge"}>{badge.label}</span>;
}

export function Pager({ page, hasMore, href }: { page: number; hasMore: boolean; href: (page: number) => string }) {
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 && <a href={href(page - 1)}>Previous page</a>}
      <span>Page {page}</span>
      {hasMore && <a href={href(page + 1)}>Next page</a>}
    </nav>
  );
}
