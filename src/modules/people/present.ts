import type { Role } from "../../platform/db/schema";
import type { LinkedPerson, PersonDetail, PersonRow } from "./queries";
import { openDateOfBirth, openEmail, openPhone } from "./sensitive";

export const ROLE_LABELS: Record<Role, string> = {
  platform_admin: "Platform admin",
  centre_owner: "Centre owner",
  centre_admin: "Centre admin",
  head_tutor: "Head tutor",
  tutor: "Tutor",
  parent: "Parent",
  student: "Student",
};

export interface PersonListItem {
  id: string;
  name: string;
  role: Role;
  roleLabel: string;
  status: string;
  /** How they sign in: email for staff and parents, student code for students. */
  signIn: string;
}

/** Decrypts what the list shows; nothing sealed leaves the module still sealed or raw. */
export function toListItem(row: PersonRow): PersonListItem {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    roleLabel: ROLE_LABELS[row.role],
    status: row.status,
    signIn: row.role === "student" ? `code ${row.studentCode}` : (openEmail(row.id, row.emailSealed) ?? ""),
  };
}

export interface PersonProfile extends PersonListItem {
  studentCode: string | null;
  email: string | null;
  phone: string | null;
  dateOfBirth: string | null;
  lastSignInAt: string | null;
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

export interface LinkedPersonItem {
  id: string;
  name: string;
}

export function toLinked(people: LinkedPerson[]): LinkedPersonItem[] {
  return people.map(({ id, name }) => ({ id, name }));
}
