import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { PUBLIC } from "../../src/platform/permissions";
import { routesOf } from "../security/walk";
import { type Doc, pick, pickList, ROOT } from "../support/ops";

// No kubectl or GitHub here: the manifests and the workflow are parsed and checked for what matters.
async function yamlDocs(file: string): Promise<Doc[]> {
  const parsed = Bun.YAML.parse(await readFile(file, "utf8"));
  return (Array.isArray(parsed) ? parsed : [parsed]) as Doc[];
}

async function k8s(): Promise<Doc[]> {
  const dir = join(ROOT, "ops/k8s");
  const docs: Doc[] = [];
  for (const name of (await readdir(dir)).filter((file) => file.endsWith(".yaml")).sort()) {
    docs.push(...(await yamlDocs(join(dir, name))));
  }
  return docs;
}

const find = (docs: Doc[], kind: string, name: string) =>
  docs.find((doc) => doc.kind === kind && pick(doc, "metadata.name") === name) ?? {};

describe("ops/k8s", () => {
  test("every file parses and kustomization lists every manifest except the Secret example", async () => {
    const docs = await k8s();
    const kustomization = docs.find((doc) => doc.kind === "Kustomization")!;
    const files = (await readdir(join(ROOT, "ops/k8s"))).filter(
      (file) => file.endsWith(".yaml") && !["kustomization.yaml", "secret.example.yaml"].includes(file),
    );
    expect([...(kustomization.resources as string[])].sort()).toEqual(files.sort());
  });

  test("the web Deployment probes /api/health, has the spec's resources and takes secrets by reference", async () => {
    const web = find(await k8s(), "Deployment", "aetherlearn-web");
    const container = pick(web, "spec.template.spec.containers.0") as Doc;
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      expect({ probe, path: pick(container, `${probe}.httpGet.path`) }).toEqual({ probe, path: "/api/health" });
    }
    expect(container.resources).toEqual({
      requests: { cpu: "500m", memory: "512Mi" },
      limits: { cpu: "2000m", memory: "2Gi" },
    });
    expect(container.envFrom).toContainEqual({ configMapRef: { name: "aetherlearn-config" } });
    const env = pickList(container, "env");
    const secretNames = env.filter((entry) => pick(entry, "valueFrom.secretKeyRef")).map((entry) => entry.name);
    expect(secretNames).toEqual(
      expect.arrayContaining(["DATABASE_URL", "SESSION_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY"]),
    );
    // Nothing secret is written out literally.
    expect(env.filter((entry) => "value" in entry).map((entry) => entry.name)).toEqual(["AETHERLEARN_PROCESS"]);
  });

  test("the worker runs src/worker.ts with the same secrets by reference", async () => {
    const worker = find(await k8s(), "Deployment", "aetherlearn-worker");
    expect(pick(worker, "spec.template.spec.containers.0.command")).toEqual(["bun", "src/worker.ts"]);
    const env = pickList(worker, "spec.template.spec.containers.0.env");
    expect(
      pick(
        env.find((entry) => entry.name === "DATABASE_URL"),
        "valueFrom.secretKeyRef.name",
      ),
    ).toBe("aetherlearn-secrets");
  });

  test("the Ingress streams /events/ unbuffered with long timeouts; the HPA scales the web Deployment", async () => {
    const docs = await k8s();
    const events = find(docs, "Ingress", "aetherlearn-events");
    expect(pick(events, "spec.rules.0.http.paths.0.path")).toBe("/events/");
    expect(pick(events, "metadata.annotations")).toMatchObject({
      "nginx.ingress.kubernetes.io/proxy-buffering": "off",
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
    });
    expect(pick(find(docs, "Service", "aetherlearn-web"), "spec.selector")).toEqual(
      pick(find(docs, "Deployment", "aetherlearn-web"), "spec.selector.matchLabels"),
    );
    expect(pick(find(docs, "HorizontalPodAutoscaler", "aetherlearn-web"), "spec.scaleTargetRef.name")).toBe(
      "aetherlearn-web",
    );
  });

  test("the Secret example lists its keys and holds no values", async () => {
    const [secret] = await yamlDocs(join(ROOT, "ops/k8s/secret.example.yaml"));
    expect(Object.values((secret?.stringData ?? {}) as Doc).filter((value) => value !== "")).toEqual([]);
    expect(secret?.data).toBeUndefined();
  });

  test("every Secret and ConfigMap key a Deployment references exists", async () => {
    const docs = [...(await k8s()), ...(await yamlDocs(join(ROOT, "ops/k8s/secret.example.yaml")))];
    const keysOf = (kind: string, name: string) => {
      const doc = find(docs, kind, name);
      return Object.keys({ ...((doc.data ?? {}) as Doc), ...((doc.stringData ?? {}) as Doc) });
    };
    const missing: string[] = [];
    for (const deployment of docs.filter((doc) => doc.kind === "Deployment")) {
      for (const container of pickList(deployment, "spec.template.spec.containers")) {
        for (const from of pickList(container, "envFrom")) {
          const name = (pick(from, "configMapRef.name") ?? pick(from, "secretRef.name")) as string;
          const kind = pick(from, "configMapRef.name") ? "ConfigMap" : "Secret";
          if (!find(docs, kind, name).kind) missing.push(`${kind} ${name}`);
        }
        for (const entry of pickList(container, "env")) {
          for (const [ref, kind] of [
            ["secretKeyRef", "Secret"],
            ["configMapKeyRef", "ConfigMap"],
          ] as const) {
            const name = pick(entry, `valueFrom.${ref}.name`) as string | undefined;
            const key = pick(entry, `valueFrom.${ref}.key`) as string | undefined;
            if (name && key && !keysOf(kind, name).includes(key)) missing.push(`${kind} ${name} key ${key}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test("every HTTP probe points at a real route on the port that serves it", async () => {
    const docs = await k8s();
    const config = find(docs, "ConfigMap", "aetherlearn-config").data as Record<string, string>;
    const routes = routesOf(createApp());
    const publicGets = new Set(
      routes.filter((route) => route.method === "GET" && route.permission === PUBLIC).map((route) => route.path),
    );
    const probes: { path: string; port: string; routed: boolean }[] = [];
    for (const deployment of docs.filter((doc) => doc.kind === "Deployment")) {
      for (const container of pickList(deployment, "spec.template.spec.containers")) {
        const env = Object.fromEntries(pickList(container, "env").map((entry) => [entry.name, entry.value]));
        const setting = (name: string) => String(env[name] ?? config[name]);
        const ports = Object.fromEntries(
          pickList(container, "ports").map((port) => [port.name, String(port.containerPort)]),
        );
        for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
          const path = pick(container, `${probe}.httpGet.path`) as string | undefined;
          const port = pick(container, `${probe}.httpGet.port`) as string | undefined;
          if (!path || !port) continue;
          // The app answers on PORT; the metrics listener (src/platform/metrics/server.ts) on METRICS_PORT, /metrics only.
          const routed =
            port === "metrics"
              ? path === "/metrics" && ports.metrics === setting("METRICS_PORT")
              : publicGets.has(path) && ports[port] === setting("PORT");
          probes.push({ path, port, routed });
        }
      }
    }
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((probe) => !probe.routed)).toEqual([]);
  });

  test("the Deployments run the image the Dockerfile builds: non-root, multi-stage, with a health check", async () => {
    const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health/m);
    const bun = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")).packageManager.replace("bun@", "");
    expect(dockerfile).toContain(`ARG BUN_VERSION=${bun}`);
    const [workflow] = await yamlDocs(join(ROOT, ".github/workflows/ci.yml"));
    const built = pickList(workflow, "jobs.image.steps").find((step) =>
      String(step.uses).startsWith("docker/build-push"),
    );
    const tags = String(pick(built, "with.tags"));
    for (const deployment of (await k8s()).filter((doc) => doc.kind === "Deployment")) {
      const image = pick(deployment, "spec.template.spec.containers.0.image") as string;
      expect(tags).toContain(image);
      expect(pick(deployment, "spec.template.spec.securityContext.runAsUser")).toBe(10001);
    }
  });
});

describe("Dockerfile (no container engine here: read, not built)", () => {
  test("every COPY from the build context exists and is not excluded by .dockerignore", async () => {
    const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
    const ignored = (await readFile(join(ROOT, ".dockerignore"), "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) =>
      (match[1] as string).trim().split(/\s+/).slice(0, -1),
    );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const exists = existsSync(join(ROOT, source));
      const excluded = ignored.some(
        (pattern) => new Bun.Glob(pattern).match(source) || source.startsWith(`${pattern}/`),
      );
      expect({ source, exists, excluded }).toEqual({ source, exists: true, excluded: false });
    }
  });

  test("what the image and the Deployments run is in the runtime stage", async () => {
    const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    const copied = [...runtime.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) =>
      (match[1] as string).trim().split(/\s+/).slice(0, -1),
    );
    const cmd = JSON.parse(/^CMD (\[.+\])$/m.exec(runtime)?.[1] ?? "[]") as string[];
    const commands = (await k8s())
      .filter((doc) => doc.kind === "Deployment")
      .map((doc) => pick(doc, "spec.template.spec.containers.0.command") as string[]);
    for (const [runner, entry] of [cmd, ...commands]) {
      expect(runner).toBe("bun");
      expect(copied.some((source) => entry === source || entry?.startsWith(`${source}/`))).toBe(true);
      expect(existsSync(join(ROOT, entry as string))).toBe(true);
    }
    // Everything the entry points import at run time comes from folders the runtime stage copies.
    for (const folder of ["src", "views", "migrations", "public"]) {
      expect(runtime).toMatch(new RegExp(`^COPY .*\\b${folder}\\b`, "m"));
    }
  });
});

describe(".github/workflows/ci.yml", () => {
  test("has the specification's jobs, runs scripts/test.sh and deploys only main through build-and-deploy.sh", async () => {
    const [workflow] = await yamlDocs(join(ROOT, ".github/workflows/ci.yml"));
    const jobs = workflow!.jobs as Doc;
    expect(Object.keys(jobs)).toEqual([
      "lint-and-typecheck",
      "unit-tests",
      "integration-tests",
      "e2e-tests",
      "redis-sentinel-suite",
      "failover-drills",
      "build",
      "image",
      "deploy-production",
    ]);
    const runs = (job: string) =>
      pickList(jobs, `${job}.steps`)
        .map((step) => step.run ?? pick(step, "with.script") ?? "")
        .join("\n");
    expect(runs("e2e-tests")).toContain("./scripts/test.sh tests/e2e");
    expect(pick(jobs, "e2e-tests.needs")).toEqual(["lint-and-typecheck", "unit-tests"]);
    // The drills run in test.sh's drill run (their own database and Redis), as in a whole-suite run.
    expect(runs("failover-drills")).toMatch(/TEST_DRILLS=(after|parallel) \.\/scripts\/test\.sh/);
    expect(pick(jobs, "deploy-production.if")).toContain("refs/heads/main");
    expect(pick(jobs, "deploy-production.needs")).toEqual(expect.arrayContaining(["build", "e2e-tests"]));
    expect(runs("deploy-production")).toContain("./scripts/build-and-deploy.sh");
  });

  test("in step with scripts/test.sh: the test jobs together cover every folder that holds tests", async () => {
    const [workflow] = await yamlDocs(join(ROOT, ".github/workflows/ci.yml"));
    const runs = Object.keys(workflow!.jobs as Doc).flatMap((job) =>
      pickList(workflow, `jobs.${job}.steps`).map((step) => String(step.run ?? "")),
    );
    const filters = runs.flatMap((run) =>
      [...run.matchAll(/\.\/scripts\/test\.sh ([^\n]+)/g)].flatMap((m) => m[1]!.split(" ")),
    );
    const glob = new Bun.Glob("{src,scripts,tests,views}/**/*.test.{ts,tsx}");
    for await (const file of glob.scan(ROOT)) {
      expect({ file, covered: filters.some((filter: string) => file.startsWith(filter)) }).toEqual({
        file,
        covered: true,
      });
    }
    // The lint job runs the same three checks test.sh runs before `bun test`.
    const testSh = await readFile(join(ROOT, "scripts/test.sh"), "utf8");
    const lint = pickList(workflow, "jobs.lint-and-typecheck.steps")
      .map((step) => step.run ?? "")
      .join("\n");
    for (const check of [
      "bun run --silent typecheck",
      "bun run --silent lint",
      "bun scripts/generate-docs.ts --check",
    ]) {
      expect(testSh).toContain(check);
      expect(lint).toContain(check.replace(" --silent", ""));
    }
  });
});
