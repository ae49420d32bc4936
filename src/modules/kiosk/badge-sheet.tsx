import { Elysia } from "elysia";
import { z } from "zod";
import { type BadgeCardProps, BadgeSheetView } from "../../../views/kiosk/badges";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { lazy, t } from "../../platform/i18n";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { classById, studentsOfClass } from "../classes";
import { personById } from "../people";
import { badgeQrSvg, signBadge } from "./badge";
import { badgeStateOf } from "./badges";

const classParams = z.object({ id: z.uuid({ error: lazy("kiosk.sheet.classNotFound") }) });

/** Every current badge of a class, to print many to a page and cut out. */
export const badgeSheetRoutes = new Elysia({ name: "kiosk-badge-sheet" }).use(guard).get(
  "/kiosks/classes/:id/badges",
  async ({ params, actor, page }) => {
    const { id } = parseInput(classParams, params);
    const klass = await classById(actor.centreId, id);
    if (!klass) throw new NotFoundError(t("kiosk.sheet.classNotFound"));
    const badges: BadgeCardProps[] = [];
    const cancelled: string[] = [];
    for (const member of await studentsOfClass(actor.centreId, klass.id)) {
      const [state, person] = await Promise.all([
        badgeStateOf(db, actor.centreId, member.id),
        personById(db, actor.centreId, member.id),
      ]);
      if (state.revoked) {
        cancelled.push(member.name);
        continue;
      }
      badges.push({
        name: member.name,
        studentCode: person?.studentCode ?? null,
        centreName: actor.centre.name,
        qrSvg: await badgeQrSvg(signBadge(member.id, state.version)),
        version: state.version,
      });
    }
    return page(<BadgeSheetView className={klass.name} classId={klass.id} badges={badges} cancelled={cancelled} />, {
      title: t("kiosk.sheet.heading", { name: klass.name }),
    });
  },
  { permission: "kiosk.read" },
);
