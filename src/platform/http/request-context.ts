import { Elysia } from "elysia";
import { config } from "../../config";
import { type Logger, log } from "../log";
import { clientAddress, trustedProxySet } from "./client-address";

export interface RequestMeta {
  requestId: string;
  log: Logger;
  startedAt: number;
  ip: string;
}

/** Filled in onRequest, so even requests that match no route (404s) have an id and a logger. */
const metaByRequest = new WeakMap<Request, RequestMeta>();

/** A request id from a trusted proxy (nginx sets X-Request-Id) is kept when it looks sane. */
function incomingRequestId(request: Request): string | null {
  const id = request.headers.get("x-request-id");
  return id && /^[A-Za-z0-9._-]{8,64}$/.test(id) ? id : null;
}

/** Only these peers may name the client (X-Real-IP, X-Forwarded-For); see client-address.ts. */
const trustedProxies = trustedProxySet(config.TRUSTED_PROXIES);

export function requestMeta(request: Request, socketIp?: string): RequestMeta {
  let meta = metaByRequest.get(request);
  if (!meta) {
    const requestId = incomingRequestId(request) ?? crypto.randomUUID();
    meta = {
      requestId,
      log: log.child({ requestId }),
      startedAt: performance.now(),
      ip: clientAddress(request.headers, socketIp, trustedProxies),
    };
    metaByRequest.set(request, meta);
  }
  return meta;
}

export const requestContext = new Elysia({ name: "request-context" })
  .onRequest(({ request, server, set }) => {
    const meta = requestMeta(request, server?.requestIP(request)?.address);
    set.headers["x-request-id"] = meta.requestId;
  })
  .derive({ as: "global" }, ({ request }) => {
    const { requestId, log: requestLog, ip } = requestMeta(request);
    return { requestId, log: requestLog, ip };
  })
  .onAfterResponse({ as: "global" }, ({ request, set, responseValue }) => {
    const meta = requestMeta(request);
    if (!meta.log.isLevelEnabled("info")) return;
    const url = new URL(request.url);
    if (url.pathname.startsWith("/assets/")) return;
    meta.log.info(
      {
        method: request.method,
        path: url.pathname,
        status: responseValue instanceof Response ? responseValue.status : set.status,
        ms: Math.round((performance.now() - meta.startedAt) * 10) / 10,
      },
      "request",
    );
  });
