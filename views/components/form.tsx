import type { Child } from "#html/jsx-runtime";

/** The hidden CSRF field every plain form carries (htmx requests send the header too). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface FieldProps {
  name: string;
  /** Needed when two forms on one page share a field name, so each label points at its own input. */
  id?: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  hint?: string;
  maxlength?: number;
  pattern?: string;
  /** The id of a <datalist> of suggestions (any value may still be typed, and is checked). */
  list?: string;
}

interface FrameProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: Child;
}

/** The ids a control's aria-describedby names: its hint and its error, when shown. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** Label, hint, control and error of one form field, linked for screen readers. */
function FieldFrame({ id, label, hint, error, children }: FrameProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="muted" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with its error beside it. */
export function Field(props: FieldProps) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        list={props.list}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </FieldFrame>
  );
}

export interface TextAreaProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  rows?: number;
  required?: boolean;
}

/** A labelled multi-line text field. */
export function TextArea(props: TextAreaProps) {
  const id = `field-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 6}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value ?? ""}
      </textarea>
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  /** The language the label is written in, when not the page's (a language named in itself). */
  lang?: string;
}

export function Select(props: {
  name: string;
  id?: string;
  label: string;
  options: SelectOption[];
  value?: string;
  error?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? "true" : undefined}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      {props.error && <p class="field-error">{props.error}</p>}
    </div>
  );
}

export function Notice({ kind, children }: { kind?: "error" | "ok"; children: Child }) {
  return (
    <div class={kind ? `notice ${kind}` : "notice"} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/**
 * The filter bar above a list: a plain GET form that htmx submits to swap only the results
 * (`#resultsId`) and push the address, so a filtered list can be bookmarked and works without
 * JavaScript. `liveFrom` adds triggers (typing, choosing) beyond the submit button.
 */
export function FilterForm(props: { action: string; resultsId: string; liveFrom?: string; children: Child }) {
  return (
    <form
      class="card row filters"
      method="get"
      action={props.action}
      hx-get={props.action}
      hx-target={`#${props.resultsId}`}
      hx-select={`#${props.resultsId}`}
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger={props.liveFrom ? `submit, ${props.liveFrom}` : undefined}
    >
      {props.children}
    </form>
  );
}
