import sharp from "sharp";
import { db } from "../../platform/db";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";

/** Test data for the files tests: a centre of their own and a person to own the uploads. */
export async function createCentreWithMember(): Promise<{ centreId: CentreId; ownerId: string }> {
  const slug = `files-${crypto.randomUUID().slice(0, 8)}`;
  const centre = await db
    .insertInto("centres")
    .values({ slug, name: "Files test centre", time_zone: "UTC" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const owner = await db
    .insertInto("users")
    .values({ centre_id: centre.id, role: "student", name: "Uploader", student_code: slug })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { centreId: trustedCentreId(centre.id), ownerId: owner.id };
}

export async function samplePhoto(width = 1200, height = 900): Promise<Uint8Array<ArrayBuffer>> {
  const photo = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } });
  return new Uint8Array(await photo.jpeg({ quality: 80 }).toBuffer());
}
