import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { Glob } from "bun";

/**
 * The architecture scan: which file may import which. Layers, bottom up: locales (message
 * catalogues, data only), platform (mechanisms), views (plain-props TSX), web (the guard, pages
 * in the layout, error pages), modules (domain areas), and the roots (app, worker, server, registry) that wire them. A module's index.ts is
 * its public face; everything else in it is private. Tests are free to reach inside.
 */

const ROOT = join(import.meta.dir, "../..");

/** Source files (no tests), keyed by path relative to the repository root. */
export function projectSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const pattern of ["src/**/*.{ts,tsx}", "views/**/*.tsx", "scripts/**/*.ts"]) {
    for (const path of new Glob(pattern).scanSync(ROOT)) {
      if (/\.test\.tsx?$/.test(path)) continue;
      sources.set(path, readFileSync(join(ROOT, path), "utf8"));
    }
  }
  return sources;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

/** The project files a source imports, as root-relative paths without extension. */
function importsOf(path: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? "";
    if (spec.startsWith("#html/")) found.push(`src/platform/html/${spec.slice(6)}`);
    else if (spec.startsWith(".")) found.push(normalize(join(dirname(path), spec)).replace(/\.(tsx?|js)$/, ""));
  }
  return found;
}

/** A directory import names the module's face. */
function resolved(target: string, sources: Map<string, string>): string {
  const isFile = [".ts", ".tsx"].some((extension) => sources.has(`${target}${extension}`));
  return !isFile && sources.has(`${target}/index.ts`) ? `${target}/index` : target;
}

function moduleOf(path: string): string | null {
  return /^src\/modules\/([^/]+)\//.exec(path)?.[1] ?? null;
}

function layerOf(path: string): "locales" | "platform" | "views" | "web" | "modules" | "roots" {
  if (path.startsWith("src/locales/")) return "locales";
  if (path.startsWith("src/platform/")) return "platform";
  if (path.startsWith("views/")) return "views";
  if (path.startsWith("src/web/")) return "web";
  if (path.startsWith("src/modules/")) return "modules";
  return "roots";
}

/** Test set-up files beside a module may use its insides, like its tests. */
const isFixture = (path: string) => /(^|\/)(test-)?fixtures\.ts$/.test(path);

function violation(from: string, to: string): string | null {
  if (to === "src/config") return null;
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (fromLayer === "locales" && toLayer !== "locales") return `message catalogues never import ${toLayer}`;
  if (fromLayer === "platform" && toLayer !== "platform" && toLayer !== "locales")
    return `platform never imports ${toLayer}`;
  if (fromLayer === "views" && toLayer !== "views" && toLayer !== "platform") return `views never import ${toLayer}`;
  if (fromLayer === "web" && (toLayer === "modules" || toLayer === "roots")) return `web never imports ${toLayer}`;
  const target = moduleOf(to);
  if (target && target !== moduleOf(from) && !to.endsWith(`src/modules/${target}/index`) && !isFixture(from)) {
    return `another module's private file (use src/modules/${target}/index.ts)`;
  }
  return null;
}

export function architectureViolations(sources: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    for (const target of importsOf(path, text).map((spec) => resolved(spec, sources))) {
      const why = violation(path, target);
      if (why) problems.push(`${path} imports ${target}: ${why}`);
    }
  }
  return problems;
}

/** Cycles in the graph of modules (an edge when any source file of one imports the other). */
export function importCycles(sources: Map<string, string>): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [path, text] of sources) {
    const from = moduleOf(path);
    if (!from || isFixture(path)) continue;
    for (const target of importsOf(path, text)) {
      const to = moduleOf(`${target}/`);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) cycles.add(canonical([...trail, at]));
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, at]);
    }
  };
  for (const start of [...edges.keys()].sort()) walk(start, start, []);
  return [...cycles].sort();
}

/** A cycle written from its alphabetically first module, closing where it began. */
function canonical(cycle: string[]): string {
  const first = cycle.indexOf([...cycle].sort()[0] as string);
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...rotated, rotated[0]].join(" → ");
}
