import { t } from "../../src/platform/i18n";

/**
 * The one pager under every list. Offset lists give `page` with `pageCount` (or `hasMore` when the
 * total is not counted) and an `href` for a page number; keyset lists (audit log, notifications)
 * give the hrefs of their neighbours directly. Labels follow what the list holds: "Older" and
 * "Newer" for newest-first logs, "Previous" and "Next" for everything else.
 */
export type PagerProps = {
  label?: string;
  previousLabel?: string;
  nextLabel?: string;
} & (
  | { page: number; pageCount: number; href: (page: number) => string }
  | { page: number; hasMore: boolean; href: (page: number) => string; showPage?: boolean }
  | { previous: string | null; next: string | null; first?: { href: string; label: string } | null }
);

interface Links {
  previous: string | null;
  next: string | null;
  position: string | null;
  first: { href: string; label: string } | null;
}

function linksOf(props: PagerProps): Links {
  if ("pageCount" in props) {
    return {
      previous: props.page > 1 ? props.href(props.page - 1) : null,
      next: props.page < props.pageCount ? props.href(props.page + 1) : null,
      position: props.pageCount > 1 ? t("common.pager.pageOf", { page: props.page, count: props.pageCount }) : null,
      first: null,
    };
  }
  if ("hasMore" in props) {
    return {
      previous: props.page > 1 ? props.href(props.page - 1) : null,
      next: props.hasMore ? props.href(props.page + 1) : null,
      position: props.showPage ? t("common.pager.page", { page: props.page }) : null,
      first: null,
    };
  }
  return { previous: props.previous, next: props.next, position: null, first: props.first ?? null };
}

export function Pager(props: PagerProps) {
  const links = linksOf(props);
  if (!links.previous && !links.next && !links.first && !links.position) return null;
  return (
    <nav class="pagination" aria-label={props.label ?? t("common.pager.label")}>
      {links.previous && (
        <a href={links.previous} rel="prev">
          {props.previousLabel ?? t("common.pager.previous")}
        </a>
      )}
      {links.first && (
        <a href={links.first.href} rel="first">
          {links.first.label}
        </a>
      )}
      {links.position && <span>{links.position}</span>}
      {links.next && (
        <a href={links.next} rel="next">
          {props.nextLabel ?? t("common.pager.next")}
        </a>
      )}
    </nav>
  );
}

/** A keyset list's links (from `pageLinks`): its neighbours, and its start after a stale link. */
export interface ListLinks {
  previous: string | null;
  next: string | null;
  first: string | null;
}

/** The pager of a keyset list: the pages either side, and "first page" when a link led past the end. */
export function LinksPager({
  links,
  label,
  previousLabel,
  nextLabel,
}: {
  links: ListLinks;
  label?: string;
  previousLabel?: string;
  nextLabel?: string;
}) {
  return (
    <Pager
      previous={links.previous}
      next={links.next}
      first={links.first ? { href: links.first, label: t("common.pager.first") } : null}
      label={label}
      previousLabel={previousLabel}
      nextLabel={nextLabel}
    />
  );
}
