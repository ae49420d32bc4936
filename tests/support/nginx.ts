import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";
import { ROOT, scratchDir } from "./ops";
import { freePort, waitFor } from "./processes";

export interface RunningNginx {
  url: string;
  port: number;
  process: Subprocess;
  stop(): Promise<void>;
}

const NGINX = "/usr/sbin/nginx";

/**
 * The shipped ops/nginx/aetherlearn.conf with only its addresses moved: listen on a free loopback
 * port, proxy to the given upstream port, serve assets from this checkout.
 */
async function renderSite(upstreamPort: number, port: number): Promise<string> {
  const shipped = await Bun.file(join(ROOT, "ops/nginx/aetherlearn.conf")).text();
  return shipped
    .replace("listen 80;", `listen 127.0.0.1:${port};`)
    .replace("listen [::]:80;", "")
    .replaceAll("127.0.0.1:3001", `127.0.0.1:${upstreamPort}`)
    .replace("/srv/aetherlearn/current/public", join(ROOT, "public"));
}

async function writeMainConfig(dir: string, site: string): Promise<string> {
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    await mkdir(join(dir, "tmp", temp), { recursive: true });
  await writeFile(join(dir, "aetherlearn.conf"), site);
  const main = join(dir, "nginx.conf");
  await writeFile(
    main,
    `${process.getuid?.() === 0 ? "user root;" : ""}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  include ${dir}/aetherlearn.conf;
}
`,
  );
  return main;
}

/** `nginx -t` on the shipped configuration; returns nginx's own report. */
export async function testNginxConfig(upstreamPort: number): Promise<{ code: number; output: string }> {
  const dir = await scratchDir("nginx-t");
  try {
    const main = await writeMainConfig(dir.path, await renderSite(upstreamPort, freePort()));
    const child = spawn([NGINX, "-t", "-p", dir.path, "-c", main], { stdout: "pipe", stderr: "pipe" });
    const output = (await new Response(child.stderr).text()) + (await new Response(child.stdout).text());
    return { code: await child.exited, output };
  } finally {
    await dir.remove();
  }
}

/** Runs real nginx (Debian's) with the shipped site configuration in front of `upstreamPort`. */
export async function startNginx(upstreamPort: number): Promise<RunningNginx> {
  const dir = await scratchDir("nginx");
  const port = freePort();
  const main = await writeMainConfig(dir.path, await renderSite(upstreamPort, port));
  const child = spawn([NGINX, "-p", dir.path, "-c", main], { stdout: "ignore", stderr: "inherit" });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/metrics`)).status === 404, 10_000, `nginx on ${url}`);
  return {
    url,
    port,
    process: child,
    async stop() {
      child.kill("SIGQUIT");
      const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(5000).then(() => false)]);
      if (!exited) child.kill("SIGKILL");
      await dir.remove();
    },
  };
}
