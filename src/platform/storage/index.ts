import { config } from "../../config";
import { DiskStorage } from "./disk";
import type { Storage } from "./types";

export * from "./types";

export function createStorage(): Storage {
  return new DiskStorage(`${config.DATA_DIR}/storage`);
}

export const storage: Storage = createStorage();
