import { ForbiddenError } from "../errors";
import { t } from "../i18n";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KIND = /^[a-z][a-z0-9_-]{0,39}$/;
const SAFE_KEY = /^[A-Za-z0-9/._-]+$/;

export function centrePrefix(centreId: string): string {
  if (!UUID.test(centreId)) throw new Error(`Invalid centre id: ${centreId}`);
  return `centres/${centreId}/`;
}

/** Every object lives under its centre: `centres/<centreId>/<kind>/<uuid>`. */
export function centreObjectKey(centreId: string, kind: string, id: string = crypto.randomUUID()): string {
  if (!KIND.test(kind)) throw new Error(`Invalid object kind: ${kind}`);
  if (!UUID.test(id)) throw new Error(`Invalid object id: ${id}`);
  return `${centrePrefix(centreId)}${kind}/${id}`;
}

/**
 * True only for a plain key inside the centre's namespace: no `..` or empty segments, so a key
 * cannot climb out of `centres/<centreId>/` on any driver.
 */
export function keyBelongsToCentre(key: string, centreId: string): boolean {
  if (!UUID.test(centreId) || !SAFE_KEY.test(key)) return false;
  const segments = key.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) return false;
  return key.startsWith(`centres/${centreId}/`) && segments.length > 2;
}

export function assertKeyInCentre(key: string, centreId: string): void {
  if (!keyBelongsToCentre(key, centreId)) throw new ForbiddenError(t("common.error.fileOtherCentre"));
}
