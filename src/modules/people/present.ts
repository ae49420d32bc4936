import type { PersonListItem } from "../../../views/people/people";
import type { LinkedPersonItem, PersonProfile } from "../../../views/people/person";
import { roleLabel } from "../../../views/people/roles";
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
    signIn: row.role === "student" ? `code ${row.studentCode}` : (openEmail(row.id, row.emailSealed) ?? ""),
  };
}

export function toProfile(person: PersonDetail): PersonProfile {
  return {
    ...toListItem(person),
    studentCode: person.studentCode,
    email: openEmail(person.id, person.emailSealed),
    phone: openPhone(person.id, person.phoneSealed),
    dateOfBirth: openDateOfBirth(person.id, person.dateOfBirthSealed),
    lastSignInAt: person.lastSignInAt ? person.lastSignInAt.toISOString().slice(0, 16).replace("T", " ") : null,
  };
}

export function toLinked(people: LinkedPerson[]): LinkedPersonItem[] {
  return people.map(({ id, name }) => ({ id, name }));
}
