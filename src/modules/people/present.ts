import type { PersonListItem } from "../../../views/people/people";
import type { LinkedPersonItem, PersonProfile } from "../../../views/people/person";
import { roleLabel } from "../../../views/people/roles";
import { formatDateTime, formatLocalDate, t } from "../../platform/i18n";
import type { LinkedPerson, PersonDetail, PersonRow } from "./queries";
import { openDateOfBirth, openEmail, openPhone } from "./sensitive";

/** Decrypts what the list shows; nothing sealed leaves the module still sealed or raw. */
export function toListItem(row: PersonRow): PersonListItem {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    roleLabel: roleLabel(row.role),
    status: row.status,
    statusLabel: t(`people.status.${row.status}`),
    signIn:
      row.role === "student"
        ? t("people.list.studentCode", { code: row.studentCode ?? "" })
        : (openEmail(row.id, row.emailSealed) ?? ""),
  };
}

/** Dates in the reader's language; the last sign-in in the centre's time zone (the request's). */
export function toProfile(person: PersonDetail): PersonProfile {
  const dateOfBirth = openDateOfBirth(person.id, person.dateOfBirthSealed);
  return {
    ...toListItem(person),
    studentCode: person.studentCode,
    email: openEmail(person.id, person.emailSealed),
    phone: openPhone(person.id, person.phoneSealed),
    dateOfBirth: dateOfBirth ? formatLocalDate(dateOfBirth, { dateStyle: "long" }) : null,
    lastSignInAt: person.lastSignInAt ? formatDateTime(person.lastSignInAt) : null,
    locale: person.locale,
  };
}

export function toLinked(people: LinkedPerson[]): LinkedPersonItem[] {
  return people.map(({ id, name }) => ({ id, name }));
}
