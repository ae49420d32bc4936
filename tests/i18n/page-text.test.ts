import { describe, expect, test } from "bun:test";
import { AREAS, findingsIn, readableText } from "./page-text";

/** The localisation walk's eyes: what it reads on a page and what it counts as a problem. */

describe("readableText", () => {
  test("reads text and shown attributes, not scripts, styles, comments or typed values", () => {
    const html = `<!doctype html><html lang="es"><head><title>Inicio · AetherLearn</title>
      <style>.a{}</style><script>var Save = 1;</script></head>
      <body><!-- Save --><nav aria-label="Principal"><a href="/x" title="Ir">Uno &amp; dos</a></nav>
      <input name="q" value="Save" placeholder="Buscar"><input type="submit" value="Guardar">
      <button hx-confirm="¿Seguro?">Borrar</button><img alt="Logo" src="/l.svg"></body></html>`;
    expect(readableText(html)).toEqual([
      "Principal",
      "Ir",
      "Buscar",
      "Guardar",
      "¿Seguro?",
      "Logo",
      "Inicio · AetherLearn",
      "Uno & dos",
      "Borrar",
    ]);
  });
});

describe("findingsIn", () => {
  test("the areas come from the catalogue files", () => {
    expect(AREAS).toContain("common");
    expect(AREAS).toContain("my-sessions");
  });

  test("a raw key is found, an email address or a file name is not", () => {
    expect(findingsIn(["homework.student.start", "Ver my-sessions.title"], false).map((f) => f.text)).toEqual([
      "homework.student.start",
      "my-sessions.title",
    ]);
    expect(findingsIn(["ana@people.example.org", "report/people.csv", "common"], false)).toEqual([]);
  });

  test("placeholders left unformatted are found", () => {
    const found = findingsIn(["Hola {name}", "{count, plural, one {# alumno} other {# alumnos}}", "{ x }"], false);
    expect(found.map((f) => f.text)).toEqual(["{name}", "{count, plural", "{ x }"]);
    expect(findingsIn(["f(x) = {1, 2}", "{}"], false)).toEqual([]);
  });

  test("English samples are found as whole words with their capital, only when asked", () => {
    const pieces = ["Guardar", "Save changes", "Homework · AetherLearn", "Saved", "save", "Duende"];
    expect(findingsIn(pieces, true).map((f) => f.text.split(" (")[0])).toEqual(["Save", "Homework"]);
    expect(findingsIn(pieces, false)).toEqual([]);
  });
});
