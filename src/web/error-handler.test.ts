import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { createApp } from "../app";
import { NotFoundError, ServiceUnavailableError } from "../platform/errors";
import { parseInput } from "../platform/validation";

const form = z.object({ name: z.string().min(2, "Name must be at least 2 characters"), age: z.coerce.number().int() });

const app = createApp()
  .get("/test/boom", () => {
    throw new Error("database exploded with secret details");
  })
  .get("/test/missing", () => {
    throw new NotFoundError("That lesson does not exist.");
  })
  .post("/test/form", ({ body }) => parseInput(form, body).name)
  .get("/test/away", () => {
    throw new ServiceUnavailableError("Redis is briefly away.");
  })
  .get("/api/test/boom", () => {
    throw new Error("boom");
  });

describe("the one error handler", () => {
  test("a 503 to a live stream's request is an event stream that ends at once, so the page's SSE client reconnects", async () => {
    const stream = await app.handle(
      new Request("http://localhost/test/away", { headers: { accept: "text/event-stream" } }),
    );
    expect(stream.status).toBe(503);
    expect(stream.headers.get("content-type")).toStartWith("text/event-stream");
    expect(await stream.text()).toStartWith("retry: ");
    const page = await app.handle(new Request("http://localhost/test/away"));
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toStartWith("text/html");
  });

  test("an unknown route is a 404 page through the layout", async () => {
    const response = await app.handle(new Request("http://localhost/no/such/page"));
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toContain("<html");
  });

  test("an unexpected error is a calm 500 page showing the request id, without internals", async () => {
    const response = await app.handle(new Request("http://localhost/test/boom"));
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    const html = await response.text();
    expect(html).toContain(requestId as string);
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("exploded");
  });

  test("a domain error keeps its status and message", async () => {
    const response = await app.handle(new Request("http://localhost/test/missing"));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("That lesson does not exist.");
  });

  test("invalid form input is a 422 with a message per field", async () => {
    const response = await app.handle(
      new Request("http://localhost/test/form", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "name=A&age=old",
      }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Name must be at least 2 characters");
    expect(html).toContain("age");
  });

  test("a malformed JSON body is a 400, not a 500", async () => {
    const response = await app.handle(
      new Request("http://localhost/test/form", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      }),
    );
    expect(response.status).toBe(400);
  });

  test("API routes get JSON errors with the request id", async () => {
    const response = await app.handle(new Request("http://localhost/api/test/boom"));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; requestId: string };
    expect(body.requestId).toBe(response.headers.get("x-request-id") as string);
  });

  test("an incoming well-formed request id is kept, a malformed one replaced", async () => {
    const kept = await app.handle(new Request("http://localhost/", { headers: { "x-request-id": "nginx-abc-12345" } }));
    expect(kept.headers.get("x-request-id")).toBe("nginx-abc-12345");
    const replaced = await app.handle(new Request("http://localhost/", { headers: { "x-request-id": "<bad id>" } }));
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
