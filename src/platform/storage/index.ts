import { createHmac } from "node:crypto";
import { config } from "../../config";
import { DiskStorage } from "./disk";
import { S3Storage } from "./s3";
import type { Storage } from "./types";

export * from "./keys";
export { StreamTooLargeError } from "./spool";
export * from "./types";

/** Signed-URL keys are derived from SESSION_SECRET, so a leaked URL signature reveals nothing about sessions. */
export function storageSigningSecret(sessionSecret: string = config.SESSION_SECRET): string {
  return createHmac("sha256", sessionSecret).update("aetherlearn storage url signing").digest("hex");
}

export function createStorage(): Storage {
  if (config.STORAGE_DRIVER === "s3") {
    if (!config.S3_ACCESS_KEY || !config.S3_SECRET_KEY) {
      throw new Error("STORAGE_DRIVER=s3 needs S3_ACCESS_KEY and S3_SECRET_KEY");
    }
    return new S3Storage({
      endpoint: config.S3_ENDPOINT,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION,
      pathStyle: config.S3_USE_PATH_STYLE,
      spoolDir: `${config.DATA_DIR}/spool`,
    });
  }
  return new DiskStorage({
    root: `${config.DATA_DIR}/storage`,
    baseUrl: config.PUBLIC_URL,
    signingSecret: storageSigningSecret(),
  });
}

export const storage: Storage = createStorage();
