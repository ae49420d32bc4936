import type { Role } from "./db/schema";
import type { Feature } from "./features";
import type { Locale } from "./i18n";
import type { SessionRecord } from "./session/store";
import type { CentreId } from "./tenancy";

/** Who is making a request: nobody, a signed-in person, or an enrolled kiosk device. */
export type Principal = AnonymousPrincipal | UserPrincipal | KioskPrincipal;

export interface AnonymousPrincipal {
  kind: "anonymous";
  /** Binds CSRF tokens for signed-out forms (sign-in, invitations). */
  preSessionId: string;
}

export interface UserPrincipal {
  kind: "user";
  session: SessionRecord;
  userId: string;
  role: Role;
  name: string;
  /** The centre the request acts in: the user's own, or the one a platform admin chose. */
  centreId: CentreId | null;
}

export interface KioskPrincipal {
  kind: "kiosk";
  kioskId: string;
  name: string;
  centreId: CentreId;
}

/** The id CSRF tokens are bound to. */
export function csrfBinding(principal: Principal): string {
  switch (principal.kind) {
    case "user":
      return `session:${principal.session.id}`;
    case "kiosk":
      return `kiosk:${principal.kioskId}`;
    case "anonymous":
      return `pre:${principal.preSessionId}`;
  }
}

/** Where a change came from, for the audit trail. */
export interface AuditRequest {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** The centre a request acts in, read once per request: its clock and switches. */
export interface CentreContext {
  id: CentreId;
  name: string;
  /** Its public address is /c/<slug>. */
  slug: string;
  /** Its logo's file, shown in the header of its pages; null without one. */
  logoFileId: string | null;
  timeZone: string;
  /** The language everyone there sees unless they chose their own. */
  locale: Locale;
  features: Record<Feature, boolean>;
}

/** A signed-in person acting inside a centre: what services need to authorise and audit a change. */
export interface Actor {
  userId: string;
  role: Role;
  name: string;
  centreId: CentreId;
  centre: CentreContext;
  request: AuditRequest;
}
