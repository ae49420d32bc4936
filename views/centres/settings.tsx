import { CsrfField, Select } from "../components/form";

export interface FeatureRow {
  name: string;
  label: string;
  enabled: boolean;
  overridden: boolean;
}

export interface SettingsViewProps {
  centreName: string;
  slug: string;
  timeZone: string;
  features: FeatureRow[];
  canManageFlags: boolean;
  /** Digits in new student PINs, the lengths an owner may choose, and whether this viewer may. */
  pinLength: number;
  pinLengths: readonly number[];
  canChangePinLength: boolean;
  csrfToken: string;
}

function PinLengthSection(props: SettingsViewProps) {
  return (
    <section class="card" aria-labelledby="pins-heading">
      <h2 id="pins-heading">Student PINs</h2>
      <p>
        New PINs have <strong>{String(props.pinLength)}</strong> digits. PINs already given keep working; easy PINs
        (repeats, runs, years, birthdays) are always refused.
      </p>
      {props.canChangePinLength && (
        <form method="post" action="/settings/pin-length" class="stack">
          <CsrfField token={props.csrfToken} />
          <Select
            name="pinLength"
            label="Digits in new PINs"
            value={String(props.pinLength)}
            options={props.pinLengths.map((length) => ({ value: String(length), label: `${length} digits` }))}
          />
          <button type="submit" class="secondary">
            Save PIN length
          </button>
        </form>
      )}
    </section>
  );
}

export function FeatureFlagRow({
  feature,
  canManage,
  csrfToken,
}: {
  feature: FeatureRow;
  canManage: boolean;
  csrfToken: string;
}) {
  return (
    <tr id={`feature-${feature.name}`} data-feature={feature.name}>
      <td>{feature.label}</td>
      <td>
        <span class={feature.enabled ? "badge ok" : "badge"}>{feature.enabled ? "on" : "off"}</span>
        {!feature.overridden && <span class="muted"> (installation default)</span>}
      </td>
      <td>
        {canManage && (
          <form
            method="post"
            action="/settings/features"
            hx-post="/settings/features"
            hx-target={`#feature-${feature.name}`}
            hx-swap="outerHTML"
          >
            <CsrfField token={csrfToken} />
            <input type="hidden" name="feature" value={feature.name} />
            <input type="hidden" name="enabled" value={feature.enabled ? "false" : "true"} />
            <button type="submit" class="secondary">
              {feature.enabled ? "Turn off" : "Turn on"}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function SettingsView(props: SettingsViewProps) {
  return (
    <div class="stack">
      <section class="card">
        <h1>Centre settings</h1>
        <dl class="details">
          <dt>Name</dt>
          <dd>{props.centreName}</dd>
          <dt>Address name</dt>
          <dd>{props.slug}</dd>
          <dt>Time zone</dt>
          <dd>{props.timeZone}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="features-heading">
        <h2 id="features-heading">Features</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.features.map((feature) => (
              <FeatureFlagRow feature={feature} canManage={props.canManageFlags} csrfToken={props.csrfToken} />
            ))}
          </tbody>
        </table>
      </section>
      <PinLengthSection {...props} />
    </div>
  );
}
