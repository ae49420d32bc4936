import { describe, expect, test } from "bun:test";
import { readStreamedForm } from "./streamed-form";

/** A multipart request as a browser sends it, its body cut into small chunks. */
function formRequest(form: FormData, chunkBytes = 7): Promise<Request> {
  const probe = new Request("http://test/", { method: "POST", body: form });
  // Read before the body: Bun forgets a FormData body's content type once the body is used.
  const contentType = probe.headers.get("content-type") ?? "";
  return probe.arrayBuffer().then((buffer) => {
    const bytes = new Uint8Array(buffer);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += chunkBytes) controller.enqueue(bytes.slice(at, at + chunkBytes));
        controller.close();
      },
    });
    return new Request("http://test/", {
      method: "POST",
      body,
      headers: { "content-type": contentType },
    });
  });
}

describe("readStreamedForm", () => {
  test("reads the fields before the file and streams the file's exact bytes", async () => {
    const content = crypto.getRandomValues(new Uint8Array(50_000));
    // A boundary-like sequence inside the file must not end it.
    content.set(new TextEncoder().encode("\r\n--not-the-boundary\r\n"), 100);
    const form = new FormData();
    form.append("_csrf", "token-1");
    form.append("title", "Fractions — week 1");
    form.append("file", new File([content], "notes.pdf", { type: "application/pdf" }));
    for (const chunkBytes of [1, 7, 4096, 1 << 20]) {
      const { fields, file } = await readStreamedForm(await formRequest(form, chunkBytes));
      expect(fields).toEqual({ _csrf: "token-1", title: "Fractions — week 1" });
      expect(file?.name).toBe("notes.pdf");
      expect(file?.field).toBe("file");
      const received = new Uint8Array(await new Response(file?.body).arrayBuffer());
      expect(received).toEqual(content);
    }
  });

  test("a form without a file gives its fields and no file", async () => {
    const form = new FormData();
    form.append("title", "Only text");
    const { fields, file } = await readStreamedForm(await formRequest(form));
    expect(fields).toEqual({ title: "Only text" });
    expect(file).toBeNull();
  });

  test("a body that is not multipart, or is cut off, is refused with a 400", async () => {
    const plain = new Request("http://test/", { method: "POST", body: "a=1" });
    await expect(readStreamedForm(plain)).rejects.toMatchObject({ status: 400 });
    const form = new FormData();
    form.append("file", new File([new Uint8Array(1000)], "a.pdf"));
    const request = await formRequest(form);
    const contentType = request.headers.get("content-type") ?? "";
    const whole = await request.arrayBuffer();
    const cut = new Request("http://test/", {
      method: "POST",
      body: whole.slice(0, 800),
      headers: { "content-type": contentType },
    });
    const { file } = await readStreamedForm(cut);
    await expect(new Response(file?.body).arrayBuffer()).rejects.toMatchObject({ status: 400 });
  });

  test("text fields beyond 64 KiB before the file are refused with a 413", async () => {
    const form = new FormData();
    form.append("title", "x".repeat(70 * 1024));
    await expect(readStreamedForm(await formRequest(form, 4096))).rejects.toMatchObject({ status: 413 });
  });
});
