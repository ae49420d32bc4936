import { Elysia } from "elysia";
import { NotFoundError } from "../platform/errors";
import { assetResponse } from "../platform/http/assets";
import { t } from "../platform/i18n";
import { PUBLIC } from "../platform/permissions";
import { guard } from "./guard";

export const assetRoutes = new Elysia({ name: "asset-routes" }).use(guard).get(
  "/assets/*",
  ({ request }) => {
    const response = assetResponse(new URL(request.url).pathname, request.headers.get("accept-encoding"));
    if (!response) throw new NotFoundError(t("common.error.assetMissing"));
    return response;
  },
  { permission: PUBLIC },
);
