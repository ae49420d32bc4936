import { Elysia } from "elysia";
import { z } from "zod";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { formatDateParts, lazy, t } from "../../platform/i18n";
import { outranks } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { selectFromTenant } from "../../platform/tenancy";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { tutorTeachesStudent } from "../classes";
import { isGuardianOf } from "../people";
import { buildCertificatePdf } from "./certificate-pdf";
import { badgeItem } from "./present";
import { studentOfCentre } from "./queries";
import { requireGamification } from "./service";

const certificateParams = z.object({
  id: z.uuid({ error: lazy("pdf.certificate.notFound") }),
  code: z.string().regex(/^[a-z0-9_]{1,64}$/, { error: lazy("pdf.certificate.notFound") }),
});

/**
 * Who sees a student's badges sees their certificates: the student, their parents, the tutors of
 * their classes, and head tutors and above. Anyone else (another family, another centre) gets the
 * same "not found" as for a badge that was never earned.
 */
async function maySeeBadgesOf(actor: Actor, studentId: string): Promise<boolean> {
  if (actor.role === "student") return actor.userId === studentId;
  if (actor.role === "parent") return isGuardianOf(db, actor.centreId, actor.userId, studentId);
  if (outranks(actor.role, "tutor")) return true;
  return tutorTeachesStudent(actor.centreId, actor.userId, studentId);
}

/** The link a badge's line offers, for any viewer who sees it. */
export function certificatePath(studentId: string, code: string): string {
  return `/students/${studentId}/badges/${code}/certificate.pdf`;
}

export const certificateRoutes = new Elysia({ name: "gamification-certificate-routes" }).use(guard).get(
  "/students/:id/badges/:code/certificate.pdf",
  async ({ actor, params }) => {
    const { id: studentId, code } = parseInput(certificateParams, params);
    requireGamification(actor.centre);
    const notFound = () => new NotFoundError(t("pdf.certificate.notFound"));
    if (!(await maySeeBadgesOf(actor, studentId))) throw notFound();
    const [student, earned] = await Promise.all([
      studentOfCentre(db, actor.centreId, studentId),
      selectFromTenant(db, "badges_earned", actor.centreId)
        .where("student_id", "=", studentId)
        .where("badge", "=", code)
        .select("earned_at as earnedAt")
        .executeTakeFirst(),
    ]);
    const badge = earned ? badgeItem(code, formatDateParts(earned.earnedAt, { dateStyle: "long" })) : null;
    if (!student || !earned || !badge) throw notFound();
    const pdf = await buildCertificatePdf({
      studentName: student.name,
      badgeName: badge.name,
      badgeDescription: badge.description,
      earnedAt: earned.earnedAt,
      centreName: actor.centre.name,
    });
    return new Response(pdf, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="certificate-${code}.pdf"`,
        "cache-control": "private, no-store",
      },
    });
  },
  { permission: "badge.certificate" },
);
