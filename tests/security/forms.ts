/**
 * The forms a page offers, read from its HTML as a browser would submit them: the action, the
 * fields with the values the page filled in, and sample values for the fields a person types.
 * The fuzz test submits them as found (well-formed bodies on real rows) and in hostile variants.
 */
export interface FoundForm {
  action: string;
  multipart: boolean;
  fields: Record<string, string>;
  /** Fields a person types or picks (not hidden): where hostile values go. */
  typed: string[];
  files: string[];
}

const ATTRIBUTE = /([\w:-]+)(?:="([^"]*)")?/g;

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(ATTRIBUTE)) if (name) attributes[name] = decode(value ?? "");
  return attributes;
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** What a person would type into an empty field, guessed from its type and name. */
function sampleValue(name: string, type: string): string {
  if (type === "email" || /email/i.test(name)) return `fuzz-${crypto.randomUUID().slice(0, 8)}@example.test`;
  if (type === "date" || /date|^from$|^to$|dob/i.test(name)) return new Date().toISOString().slice(0, 10);
  if (type === "datetime-local" || /dueAt|due/i.test(name))
    return new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
  if (type === "time" || /time|start|end/i.test(name)) return "16:00";
  if (type === "number" || /score|points|amount|mark|pages|outOf|minutes|weeks|count/i.test(name)) return "3";
  if (type === "password" || /password/i.test(name)) return "correct-horse-battery-staple-2026";
  if (/pin/i.test(name)) return "482913";
  if (/code/i.test(name)) return "NS001";
  if (/slug|centre/i.test(name)) return `fuzz-${crypto.randomUUID().slice(0, 8)}`;
  return "Fuzzed but ordinary text";
}

function fieldsOfForm(html: string): Pick<FoundForm, "fields" | "typed" | "files"> {
  const fields: Record<string, string> = {};
  const typed: string[] = [];
  const files: string[] = [];
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const input = attributesOf(tag);
    const name = input.name;
    const type = input.type ?? "text";
    if (!name || name in fields) continue;
    if (type === "file") files.push(name);
    else if (type === "checkbox" || type === "radio") {
      if (type === "checkbox" && !("checked" in input) && fields[name] !== undefined) continue;
      fields[name] = input.value ?? "on";
    } else {
      fields[name] = input.value || (type === "hidden" ? "" : sampleValue(name, type));
      if (type !== "hidden") typed.push(name);
    }
  }
  for (const [, tag, options] of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attributesOf(tag ?? "").name;
    if (!name || name in fields) continue;
    const values = [...(options ?? "").matchAll(/<option\b([^>]*)>/g)].map((option) => attributesOf(option[1] ?? ""));
    const chosen =
      values.find((option) => "selected" in option && option.value) ?? values.find((option) => option.value);
    fields[name] = chosen?.value ?? "";
    typed.push(name);
  }
  for (const [, tag, text] of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attributesOf(tag ?? "").name;
    if (!name || name in fields) continue;
    fields[name] = decode(text ?? "") || "A few lines\nof ordinary text.";
    typed.push(name);
  }
  for (const [tag] of html.matchAll(/<button\b[^>]*>/g)) {
    const button = attributesOf(tag);
    if (button.name && !(button.name in fields)) fields[button.name] = button.value ?? "";
  }
  return { fields, typed, files };
}

/** Every POST form on a page that submits to this site. */
export function formsOn(html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const [, tag, inner] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form = attributesOf(tag ?? "");
    const action = form["hx-post"] ?? (form.method?.toLowerCase() === "post" ? form.action : undefined);
    if (!action?.startsWith("/")) continue;
    forms.push({
      action: action.split("#")[0] as string,
      multipart: form.enctype === "multipart/form-data" || form["hx-encoding"] === "multipart/form-data",
      ...fieldsOfForm(inner ?? ""),
    });
  }
  return forms;
}

const HUGE = "x".repeat(100_000);

/** Hostile copies of a well-formed body: control characters, huge, unicode, negative numbers. */
export function hostileVariants(form: FoundForm): { label: string; fields: Record<string, string> }[] {
  const replaced = (value: (original: string) => string) => ({
    ...form.fields,
    ...Object.fromEntries(form.typed.map((name) => [name, value(form.fields[name] ?? "")])),
  });
  return [
    { label: "NUL", fields: replaced((original) => `${original}\u0000`) },
    { label: "huge", fields: replaced(() => HUGE) },
    { label: "unicode", fields: replaced(() => "Zoë 𝔘𝔫𝔦 ☃ 🚀 ع ह \u202e\u200b") },
    { label: "negative", fields: replaced(() => "-1") },
    { label: "huge number", fields: replaced(() => "9".repeat(400)) },
  ];
}
