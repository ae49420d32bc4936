import { Elysia } from "elysia";
import { z } from "zod";
import { QueuesView } from "../../../views/admin/queues";
import { redirectTo } from "../../platform/http/redirect";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { toFailedJobItem } from "./present";
import { failedJobs, queueCounts, retryFailedJob } from "./service";

const CENTRE_PATH = "/admin/queues";
const PLATFORM_PATH = "/platform/queues";

const listQuery = z.object({ retried: z.string().max(10).optional() });
const jobParams = z.object({
  queue: z.string().regex(/^[a-z-]{1,40}$/, { error: lazy("queues.queueNotFound") }),
  jobId: z.string().regex(/^[A-Za-z0-9:._-]{1,200}$/, { error: lazy("queues.jobNotFound") }),
});

interface Scope {
  centreId: string | null;
  basePath: string;
  heading: string;
  canRetry: boolean;
}

async function renderPanel(scope: Scope, page: PageRenderer, csrfToken: string, query: unknown) {
  const { retried } = parseInput(listQuery, query);
  const [counts, failed] = await Promise.all([queueCounts(), failedJobs(scope.centreId)]);
  return page(
    <QueuesView
      heading={scope.heading}
      counts={counts}
      failed={failed.map((job) => toFailedJobItem(job, scope.basePath))}
      showCentre={scope.centreId === null}
      canRetry={scope.canRetry}
      csrfToken={csrfToken}
      retried={retried === "1"}
    />,
    { title: scope.heading },
  );
}

function roleOf(principal: Principal): string {
  return principal.kind === "user" ? principal.role : principal.kind;
}

/**
 * The failed-jobs panel: a centre admin sees every queue's counts and their own centre's failed
 * jobs (job data names the centre); a platform admin sees and retries everything.
 */
export const queueRoutes = new Elysia({ name: "queue-routes" })
  .use(guard)
  .get(
    CENTRE_PATH,
    async ({ query, page, csrfToken, actor }) => {
      const scope = {
        centreId: actor.centreId,
        basePath: CENTRE_PATH,
        heading: t("queues.heading"),
        canRetry: roleHas(actor.role, "queue.retry"),
      };
      return renderPanel(scope, page, csrfToken, query);
    },
    { permission: "queue.read" },
  )
  .post(
    `${CENTRE_PATH}/:queue/:jobId/retry`,
    async ({ request, params, actor }) => {
      const { queue, jobId } = parseInput(jobParams, params);
      await retryFailedJob(actor, queue, jobId);
      return redirectTo(request, `${CENTRE_PATH}?retried=1`);
    },
    { permission: "queue.retry" },
  )
  .get(
    PLATFORM_PATH,
    async ({ query, principal, page, csrfToken }) => {
      const canRetry = principal.kind === "user" && roleHas(principal.role, "platform.queue_retry");
      const scope = { centreId: null, basePath: PLATFORM_PATH, heading: t("queues.headingAll"), canRetry };
      return renderPanel(scope, page, csrfToken, query);
    },
    { permission: "platform.queue_read" },
  )
  .post(
    `${PLATFORM_PATH}/:queue/:jobId/retry`,
    async ({ request, params, principal, audit }) => {
      const { queue, jobId } = parseInput(jobParams, params);
      const userId = principal.kind === "user" ? principal.userId : "";
      const by = { userId, role: roleOf(principal), centreId: null, request: audit };
      await retryFailedJob(by, queue, jobId);
      return redirectTo(request, `${PLATFORM_PATH}?retried=1`);
    },
    { permission: "platform.queue_retry" },
  );
