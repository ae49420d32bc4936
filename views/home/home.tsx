import type { SafeHtml } from "#html/jsx-runtime";
import { t } from "../../src/platform/i18n";
import { type AnnouncementItem, HomeAnnouncements } from "../announcements/announcements";
import { CsrfField } from "../components/form";
import type { NavLink } from "../layout";
import { ActingCentreNotice } from "../platform/acting";

/** A parent's child on their home page, with where the child's consent stands. */
export interface ChildCard {
  id: string;
  name: string;
  studentCode: string | null;
  needsConsent: boolean;
  consent: "given" | "withdrawn" | null;
  consentAt: string | null;
}

export interface HomeViewProps {
  name: string;
  roleLabel: string;
  centreName: string | null;
  /** Set when a platform admin has chosen to work inside a centre. */
  actingCentreName?: string | null;
  links: NavLink[];
  children: ChildCard[] | null;
  csrfToken: string;
  /** The role's dashboard, already rendered from its own template. */
  dashboard?: SafeHtml | null;
  /** Announcements that reached this person lately, unread ones first. */
  announcements?: AnnouncementItem[] | null;
}

export function ChildConsentCard({ child, csrfToken }: { child: ChildCard; csrfToken: string }) {
  const given = child.consent === "given";
  return (
    <li class="card child" id={`child-${child.id}`} data-student-id={child.id}>
      <h3>{child.name}</h3>
      {child.studentCode && <p class="muted">{t("home.child.studentCode", { code: child.studentCode })}</p>}
      {child.needsConsent ? (
        <div class="stack">
          <p>
            {t("home.child.consent")}{" "}
            <span class={given ? "badge ok" : "badge bad"}>
              {given
                ? t("home.child.consentGiven")
                : child.consent === "withdrawn"
                  ? t("home.child.consentWithdrawn")
                  : t("home.child.consentNotYet")}
            </span>
            {child.consentAt && <span class="muted"> {t("home.child.since", { at: child.consentAt })}</span>}
          </p>
          <p class="muted">{t("home.child.under13", { name: child.name })}</p>
          <form
            method="post"
            action={`/consent/${child.id}/${given ? "withdraw" : "give"}`}
            hx-post={`/consent/${child.id}/${given ? "withdraw" : "give"}`}
            hx-target={`#child-${child.id}`}
            hx-swap="outerHTML"
            data-confirm={given ? true : undefined}
          >
            <CsrfField token={csrfToken} />
            <button type="submit" class={given ? "secondary" : undefined}>
              {given ? t("home.child.withdraw") : t("home.child.give")}
            </button>
          </form>
        </div>
      ) : (
        <p class="muted">{t("home.child.noConsentNeeded", { name: child.name })}</p>
      )}
    </li>
  );
}

export function HomeView(props: HomeViewProps) {
  return (
    <div class="stack" id="home">
      {props.actingCentreName && <ActingCentreNotice centreName={props.actingCentreName} csrfToken={props.csrfToken} />}
      <section class="card">
        <h1>{t("home.hello", { name: props.name })}</h1>
        <p class="muted">
          {props.centreName
            ? t("home.roleAtCentre", { role: props.roleLabel, centre: props.centreName })
            : props.roleLabel}
        </p>
        {props.links.length > 0 && (
          <ul class="row link-list">
            {props.links.map((link) => (
              <li>
                <a class="button secondary" href={link.href}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.announcements && <HomeAnnouncements items={props.announcements} csrfToken={props.csrfToken} />}
      {props.dashboard}
      {props.children && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">{t("home.children.heading")}</h2>
          {props.children.length === 0 ? (
            <p class="muted">{t("home.children.none")}</p>
          ) : (
            <ul class="grid plain-list">
              {props.children.map((child) => (
                <ChildConsentCard child={child} csrfToken={props.csrfToken} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
