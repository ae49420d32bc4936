import { t } from "../../src/platform/i18n";

export interface CentreListing {
  slug: string;
  name: string;
  timeZone: string;
}

export function LandingView({ centres }: { centres: CentreListing[] }) {
  return (
    <div class="stack" id="landing">
      <section class="card">
        <h1>{t("centres.landing.heading")}</h1>
        <p>{t("centres.landing.intro")}</p>
      </section>
      <section class="card" aria-labelledby="centres-heading">
        <h2 id="centres-heading">{t("centres.landing.centresHeading")}</h2>
        {centres.length === 0 ? (
          <p class="muted">{t("centres.landing.none")}</p>
        ) : (
          <ul class="centre-list">
            {centres.map((centre) => (
              <li data-slug={centre.slug}>
                <strong>{centre.name}</strong> <span class="muted">({centre.timeZone})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
