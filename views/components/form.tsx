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
}

/** A labelled input with its error beside it, linked for screen readers. */
export function Field(props: FieldProps) {
  const id = props.id ?? `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="muted" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
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
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
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
          <option value={option.value} selected={option.value === props.value}>
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
