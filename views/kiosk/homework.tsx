import { t } from "../../src/platform/i18n";

/** One piece of homework as a child at the kiosk sees it. */
export interface KioskHomeworkItem {
  homeworkId: string;
  title: string;
  due: string;
}

/** Today's homework for the child who just checked in: nothing else is reachable from here. */
export function KioskHomeworkView(props: { name: string; items: KioskHomeworkItem[]; idleSeconds: number }) {
  const { name, items } = props;
  return (
    <section class="card stack kiosk-homework">
      <h1>
        <span aria-hidden="true">📚</span> {t("kiosk.homework.heading", { name })}
      </h1>
      {items.length === 0 ? (
        <p class="kiosk-message">{t("kiosk.homework.none")}</p>
      ) : (
        <ul class="kiosk-homework-list">
          {items.map((item) => (
            <li>
              <a class="button" href={`/homework/${item.homeworkId}/questions/1`}>
                {item.title}
              </a>{" "}
              <span class="muted">{item.due}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">{t("kiosk.homework.idle", { seconds: props.idleSeconds })}</p>
    </section>
  );
}
