export interface CentreListing {
  slug: string;
  name: string;
  timeZone: string;
}

export function LandingView({ centres }: { centres: CentreListing[] }) {
  return (
    <div class="stack" id="landing">
      <section class="card">
        <h1>Welcome to AetherLearn</h1>
        <p>
          Homework, attendance, marking and progress for learning centres: light enough for a slow connection at home,
          quick enough for the kiosk at the front desk.
        </p>
      </section>
      <section class="card" aria-labelledby="centres-heading">
        <h2 id="centres-heading">Centres on this installation</h2>
        {centres.length === 0 ? (
          <p class="muted">No centres have been set up yet.</p>
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
