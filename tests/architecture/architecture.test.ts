import { describe, expect, test } from "bun:test";
import { architectureViolations, importCycles, projectSources } from "./rules";

const sources = projectSources();

describe("the layers and doors of the code", () => {
  test("the scan reads the whole tree", () => {
    expect(sources.size).toBeGreaterThan(300);
    expect([...sources.keys()]).toContain("src/modules/people/index.ts");
  });

  test("no module imports another module's private file; views, web and platform keep their direction", () => {
    expect(architectureViolations(sources)).toEqual([]);
  });

  test("no import cycles between modules", () => {
    expect(importCycles(sources)).toEqual([]);
  });
});

describe("the scan catches what it forbids (synthetic files added to the real tree)", () => {
  const withFile = (path: string, text: string) => new Map([...sources, [path, text]]);
  const before = new Set([...architectureViolations(sources), ...importCycles(sources)]);
  const added = (found: string[]) => found.filter((problem) => !before.has(problem));

  test("a module reaching into another module's queries", () => {
    const tree = withFile("src/modules/home/synthetic.ts", `import { personById } from "../people/queries";\n`);
    expect(added(architectureViolations(tree))).toEqual([
      "src/modules/home/synthetic.ts imports src/modules/people/queries: another module's private file (use src/modules/people/index.ts)",
    ]);
  });

  test("a view importing a module, and a dynamic import doing the same", () => {
    const tree = withFile(
      "views/home/synthetic.tsx",
      `import type { PersonProfile } from "../../src/modules/people";\nconst later = () => import("../../src/modules/people/service");\n`,
    );
    expect(added(architectureViolations(tree))).toEqual([
      "views/home/synthetic.tsx imports src/modules/people/index: views never import modules",
      "views/home/synthetic.tsx imports src/modules/people/service: views never import modules",
    ]);
  });

  test("platform importing the layout or a module, and web importing a module", () => {
    const tree = new Map([
      ...sources,
      ["src/platform/synthetic.ts", `import { Layout } from "../../views/layout";\nimport "../modules/people";\n`],
      ["src/web/synthetic.ts", `export { peopleRoutes } from "../modules/people";\n`],
    ]);
    expect(added(architectureViolations(tree))).toEqual([
      "src/platform/synthetic.ts imports views/layout: platform never imports views",
      "src/platform/synthetic.ts imports src/modules/people/index: platform never imports modules",
      "src/web/synthetic.ts imports src/modules/people/index: web never imports modules",
    ]);
  });

  test("two modules importing each other's faces form a cycle", () => {
    const tree = new Map([
      ...sources,
      ["src/modules/synthetic-a/index.ts", `export { b } from "../synthetic-b";\nexport const a = 1;\n`],
      ["src/modules/synthetic-b/index.ts", `import { a } from "../synthetic-a";\nexport const b = a;\n`],
    ]);
    expect(added(importCycles(tree))).toEqual(["synthetic-a → synthetic-b → synthetic-a"]);
  });
});
