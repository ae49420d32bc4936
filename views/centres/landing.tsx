import { t } from "../../src/platform/i18n";
import { FindCentreForm } from "../auth/find-centre";

/** The public front page: what AetherLearn is, and the way to one's own centre. It names no centre. */
export function LandingView() {
  return (
    <div class="stack" id="landing">
      <section class="card">
        <h1>{t("centres.landing.heading")}</h1>
        <p>{t("centres.landing.intro")}</p>
      </section>
      <section class="card stack" aria-labelledby="find-centre-heading">
        <h2 id="find-centre-heading">{t("centres.landing.findHeading")}</h2>
        <p>{t("centres.landing.findIntro")}</p>
        <FindCentreForm />
      </section>
    </div>
  );
}
