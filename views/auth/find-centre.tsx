import { t } from "../../src/platform/i18n";
import { Field, Notice } from "../components/form";

export interface FindCentreProps {
  code?: string;
  error?: string;
  /** Where to go after signing in, carried to the centre's own page. */
  next?: string;
}

/** "Type your centre's code": the way to a centre's sign-in page that lists no centre. */
export function FindCentreForm(props: FindCentreProps) {
  return (
    <form method="get" action="/sign-in" class="stack" id="find-centre">
      {props.next && <input type="hidden" name="next" value={props.next} />}
      <Field
        name="code"
        label={t("auth.find.code")}
        hint={t("auth.find.codeHint")}
        required
        autocomplete="organization"
        maxlength={63}
        value={props.code}
        error={props.error}
      />
      <button type="submit">{t("auth.find.submit")}</button>
    </form>
  );
}

/** /sign-in without a centre: the visitor names theirs by its code, or follows its link. */
export function FindCentreView(props: FindCentreProps & { passwordSet?: boolean }) {
  return (
    <section class="card stack sign-in-find" aria-labelledby="find-heading">
      <h1 id="find-heading">{t("auth.signIn.title")}</h1>
      {props.passwordSet && !props.error && <Notice kind="ok">{t("auth.signIn.passwordSet")}</Notice>}
      <p>{t("auth.find.intro")}</p>
      <FindCentreForm {...props} />
    </section>
  );
}
