import { t } from "../src/platform/i18n";

export interface ErrorViewProps {
  status: number;
  title: string;
  message: string;
  requestId: string;
  fieldErrors?: Record<string, string>;
}

export function ErrorView({ status, title, message, requestId, fieldErrors }: ErrorViewProps) {
  const fields = Object.entries(fieldErrors ?? {});
  return (
    <section class="card error-page" role="alert" data-status={status}>
      <h1>{title}</h1>
      <p>{message}</p>
      {fields.length > 0 && (
        <ul class="field-errors">
          {fields.map(([field, problem]) => (
            <li>
              <strong>{field}</strong>: {problem}
            </li>
          ))}
        </ul>
      )}
      {status >= 500 && <p>{t("common.error.ourSide")}</p>}
      <p class="muted">
        {t("common.error.reference")} <span class="request-id">{requestId}</span>
      </p>
      <p>
        {/* Someone signed out (or whose session was revoked) needs the way back in, not the start page. */}
        {status === 401 ? (
          <a href="/sign-in">{t("common.layout.signIn")}</a>
        ) : (
          <a href="/">{t("common.error.backToStart")}</a>
        )}
      </p>
    </section>
  );
}
