import { t } from "../../src/platform/i18n";
import { CsrfField, Notice, Select, type SelectOption } from "../components/form";
import { Table } from "../components/table";
import type { PersonListItem } from "./people";

export interface PersonProfile extends PersonListItem {
  studentCode: string | null;
  email: string | null;
  phone: string | null;
  /** The date of birth and last sign-in, formatted for the reader. */
  dateOfBirth: string | null;
  lastSignInAt: string | null;
  /** Their own language, or null to follow the centre's. */
  locale: string | null;
}

export interface LinkedPersonItem {
  id: string;
  name: string;
}

/** A student's parental consent: not needed (13 or over), or where it stands. */
export type ConsentStanding = "not_needed" | "not_given" | "given" | "withdrawn";

export interface ClassStayItem {
  href: string;
  className: string;
  joined: string;
  left: string | null;
}

/** Every class a student has been in, with when they joined and left (moves keep the history). */
function ClassHistory({ stays }: { stays: ClassStayItem[] }) {
  return (
    <section class="card stack" aria-labelledby="class-history-heading">
      <h2 id="class-history-heading">{t("people.classHistory.heading")}</h2>
      <Table
        rows={stays}
        empty={<p class="muted">{t("people.classHistory.none")}</p>}
        columns={[
          { header: t("people.classHistory.class"), cell: (stay) => <a href={stay.href}>{stay.className}</a> },
          { header: t("people.classHistory.joined"), cell: (stay) => stay.joined },
          { header: t("people.classHistory.left"), cell: (stay) => stay.left ?? t("people.classHistory.stillThere") },
        ]}
      />
    </section>
  );
}

export interface PersonViewProps {
  person: PersonProfile;
  csrfToken: string;
  canManage: boolean;
  roleOptions: SelectOption[];
  parents: LinkedPersonItem[];
  children: LinkedPersonItem[];
  /** A student's stays in classes, latest first (joined, and left unless still there). */
  classHistory: ClassStayItem[];
  parentOptions: SelectOption[];
  /** A student whose PIN guessing budget ran out. */
  pinLocked: boolean;
  /** Students only. */
  consent: ConsentStanding | null;
  /** Just after asking a parent for consent: emailed now, or already asked today. */
  consentAsked?: "asked" | "already";
  can: {
    changeRole: boolean;
    disable: boolean;
    resetPassword: boolean;
    resetPin: boolean;
    unlockPin: boolean;
    linkParent: boolean;
    requestConsent: boolean;
  };
}

function ActionForm(props: { action: string; csrfToken: string; label: string; danger?: boolean; confirm?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form" data-confirm={props.confirm}>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.danger ? "danger" : "secondary"}>
        {props.label}
      </button>
    </form>
  );
}

export function PersonView(props: PersonViewProps) {
  const { person, csrfToken, can } = props;
  const manage = props.canManage;
  return (
    <div class="stack" id="person">
      <section class="card">
        <h1>{person.name}</h1>
        <dl class="details">
          <dt>{t("people.person.role")}</dt>
          <dd>{person.roleLabel}</dd>
          <dt>{t("people.person.status")}</dt>
          <dd>{person.statusLabel}</dd>
          {person.email && (
            <>
              <dt>{t("people.person.email")}</dt>
              <dd>{person.email}</dd>
            </>
          )}
          {person.studentCode && (
            <>
              <dt>{t("people.person.studentCode")}</dt>
              <dd>{person.studentCode}</dd>
            </>
          )}
          {person.dateOfBirth && (
            <>
              <dt>{t("people.person.dateOfBirth")}</dt>
              <dd>{person.dateOfBirth}</dd>
            </>
          )}
          <dt>{t("people.person.lastSignIn")}</dt>
          <dd>{person.lastSignInAt ?? t("people.person.never")}</dd>
          {person.role === "student" && (
            <>
              <dt>{t("people.person.pinSignIn")}</dt>
              <dd data-pin-state={props.pinLocked ? "locked" : "open"}>
                {props.pinLocked ? t("people.person.pinLocked") : t("people.person.pinOpen")} ·{" "}
                <a href={`/students/${person.id}/pin`}>{t("people.person.pinDetails")}</a>
              </dd>
            </>
          )}
        </dl>
      </section>
      {manage && (
        <section class="card stack" aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t("people.person.actions")}</h2>
          {can.changeRole && person.role !== "student" && (
            <form method="post" action={`/people/${person.id}/role`} class="row">
              <CsrfField token={csrfToken} />
              <Select name="role" label={t("people.person.role")} options={props.roleOptions} value={person.role} />
              <button type="submit">{t("people.person.changeRole")}</button>
            </form>
          )}
          <div class="row">
            {can.disable &&
              (person.status === "disabled" ? (
                <ActionForm
                  action={`/people/${person.id}/enable`}
                  csrfToken={csrfToken}
                  label={t("people.person.enable")}
                />
              ) : (
                <ActionForm
                  action={`/people/${person.id}/disable`}
                  csrfToken={csrfToken}
                  label={t("people.person.disable")}
                  danger
                  confirm
                />
              ))}
            {can.resetPassword && person.role !== "student" && (
              <ActionForm
                action={`/people/${person.id}/password-reset`}
                csrfToken={csrfToken}
                label={t("people.person.issueReset")}
              />
            )}
            {can.resetPin && person.role === "student" && (
              <ActionForm
                action={`/people/${person.id}/pin`}
                csrfToken={csrfToken}
                label={t("people.person.resetPin")}
              />
            )}
            {can.unlockPin && person.role === "student" && props.pinLocked && (
              <ActionForm
                action={`/students/${person.id}/pin/unlock`}
                csrfToken={csrfToken}
                label={t("people.person.unlockPin")}
              />
            )}
          </div>
        </section>
      )}
      {person.role === "student" && (
        <section class="card stack" aria-labelledby="parents-heading">
          <h2 id="parents-heading">{t("people.person.parents")}</h2>
          {props.consentAsked && (
            <Notice kind="ok">
              {props.consentAsked === "asked" ? t("people.consent.asked") : t("people.consent.alreadyAsked")}
            </Notice>
          )}
          {props.consent && props.consent !== "not_needed" && (
            <p data-consent={props.consent}>{t(`people.consent.${props.consent}`)}</p>
          )}
          {props.parents.length === 0 ? (
            <p class="muted">{t("people.person.noParents")}</p>
          ) : (
            <ul>
              {props.parents.map((parent) => (
                <li class="row">
                  <a href={`/people/${parent.id}`}>{parent.name}</a>
                  {can.requestConsent && (props.consent === "not_given" || props.consent === "withdrawn") && (
                    <ActionForm
                      action={`/people/${person.id}/parents/${parent.id}/consent-request`}
                      csrfToken={csrfToken}
                      label={t("people.consent.ask")}
                    />
                  )}
                  {can.linkParent && (
                    <ActionForm
                      action={`/people/${person.id}/parents/${parent.id}/unlink`}
                      csrfToken={csrfToken}
                      label={t("people.person.unlink")}
                      confirm
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          {can.linkParent && props.parentOptions.length > 0 && (
            <form method="post" action={`/people/${person.id}/parents`} class="row">
              <CsrfField token={csrfToken} />
              <Select name="parentId" label={t("people.person.linkParent")} options={props.parentOptions} />
              <button type="submit">{t("people.person.link")}</button>
            </form>
          )}
        </section>
      )}
      {person.role === "student" && <ClassHistory stays={props.classHistory} />}
      {person.role === "parent" && (
        <section class="card" aria-labelledby="children-heading">
          <h2 id="children-heading">{t("people.person.children")}</h2>
          {props.children.length === 0 ? (
            <p class="muted">{t("people.person.noChildren")}</p>
          ) : (
            <ul>
              {props.children.map((child) => (
                <li>
                  <a href={`/people/${child.id}`}>{child.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
