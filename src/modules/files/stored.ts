import { NotFoundError } from "../../platform/errors";
import { storage } from "../../platform/storage";
import type { CentreId } from "../../platform/tenancy";
import { isImage, KIND_RULES } from "./kinds";
import { fileInCentre, variantOf } from "./queries";
import { fileUrl } from "./service";

/** A stored file's bytes, for a worker reading an upload back (a scan batch); null when it is gone. */
export async function storedFileBytes(centreId: CentreId, fileId: string): Promise<Uint8Array | null> {
  const file = await fileInCentre(centreId, fileId);
  const object = file && (await storage.get(KIND_RULES[file.kind].bucket, file.object_key));
  return object ? object.bytes : null;
}

/** A link that saves the file under its original name; null while its upload is still in flight. */
export async function downloadLink(centreId: CentreId, fileId: string): Promise<{ href: string; name: string } | null> {
  const file = await fileInCentre(centreId, fileId);
  if (!file) return null;
  try {
    return { href: await fileUrl({ centreId, fileId, download: true }), name: file.original_name };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** How a file is shown on a page: an image from its WebP copy (with its size), a player, or a link. */
export type FileDisplay =
  | { type: "image"; src: string; width: number; height: number; name: string }
  | { type: "audio" | "video"; src: string; contentType: string; name: string }
  | { type: "document"; href: string; name: string };

/** Null while the upload is in flight, or while an image's WebP copy is still being made. */
export async function fileDisplay(centreId: CentreId, fileId: string): Promise<FileDisplay | null> {
  const file = await fileInCentre(centreId, fileId);
  if (file?.status !== "stored" || !file.content_type) return null;
  const name = file.original_name;
  const media = file.content_type.split("/")[0];
  if (media === "audio" || media === "video") {
    return { type: media, src: await fileUrl({ centreId, fileId }), contentType: file.content_type, name };
  }
  if (isImage(file.content_type)) {
    const webp = await variantOf(centreId, fileId, "webp");
    if (!webp?.width || !webp.height) return null;
    const src = await fileUrl({ centreId, fileId, variant: "webp" });
    return { type: "image", src, width: webp.width, height: webp.height, name };
  }
  return { type: "document", href: await fileUrl({ centreId, fileId, download: true }), name };
}

/** A person's picture: the square-ish thumbnail of their avatar, or null until it is made. */
export async function avatarThumbnail(
  centreId: CentreId,
  fileId: string | null,
): Promise<{ src: string; width: number; height: number } | null> {
  if (!fileId) return null;
  const thumbnail = await variantOf(centreId, fileId, "thumbnail");
  if (!thumbnail?.width || !thumbnail.height) return null;
  const src = await fileUrl({ centreId, fileId, variant: "thumbnail" });
  return { src, width: thumbnail.width, height: thumbnail.height };
}
