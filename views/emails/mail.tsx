import { currentLocale, directionOf, t } from "../../src/platform/i18n";

/** What an email says (src/platform/mail MailContent, restated: views own their props). */
export interface MailContentProps {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  items?: { text: string; url?: string }[];
  action?: { label: string; url: string };
  footnote?: string;
}

export interface MailFrameProps {
  centreName: string | null;
  /** The centre's logo (a full link), above its name. */
  centreLogoUrl?: string | null;
  unsubscribeUrl: string | null;
}

// Email clients drop <style> blocks and external sheets: the few styles sit on the elements.
const BODY =
  "margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1f2328;";
const CARD = "max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;line-height:1.5;";
const CENTRE = "margin:0 0 16px;font-size:14px;font-weight:600;color:#57606a;";
const LOGO = "display:block;height:40px;width:auto;max-width:200px;margin:0 0 8px;";
const BUTTON =
  "display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600;";
const SMALL = "font-size:13px;color:#57606a;";

function senderName(frame: MailFrameProps): string {
  return frame.centreName ?? t("common.appName");
}

function MailHtml({ content, frame }: { content: MailContentProps; frame: MailFrameProps }) {
  const locale = currentLocale();
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>{content.subject}</title>
      </head>
      <body style={BODY}>
        <div style={CARD}>
          {frame.centreLogoUrl ? <img src={frame.centreLogoUrl} alt="" height="40" style={LOGO} /> : null}
          <p style={CENTRE}>{senderName(frame)}</p>
          {content.greeting ? <p>{content.greeting}</p> : null}
          {content.paragraphs.map((paragraph) => (
            <p>{paragraph}</p>
          ))}
          {content.items?.length ? (
            <ul>
              {content.items.map((item) => (
                <li>{item.url ? <a href={item.url}>{item.text}</a> : item.text}</li>
              ))}
            </ul>
          ) : null}
          {content.action ? (
            <p>
              <a href={content.action.url} style={BUTTON}>
                {content.action.label}
              </a>
            </p>
          ) : null}
          {content.footnote ? <p style={SMALL}>{content.footnote}</p> : null}
          <hr />
          <p style={SMALL}>{t("common.mail.sentFor", { centre: senderName(frame) })}</p>
          {frame.unsubscribeUrl ? (
            <p style={SMALL}>
              <a href={frame.unsubscribeUrl}>{t("common.mail.unsubscribe")}</a>
            </p>
          ) : null}
        </div>
      </body>
    </html>
  );
}

/** The plain-text part: the same content, links written out. */
function mailText(content: MailContentProps, frame: MailFrameProps): string {
  const blocks: string[] = [senderName(frame)];
  if (content.greeting) blocks.push(content.greeting);
  blocks.push(...content.paragraphs);
  if (content.items?.length) {
    blocks.push(
      content.items.map((item) => (item.url ? `- ${item.text}\n  ${item.url}` : `- ${item.text}`)).join("\n"),
    );
  }
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  if (content.footnote) blocks.push(content.footnote);
  const footer = [t("common.mail.sentFor", { centre: senderName(frame) })];
  if (frame.unsubscribeUrl) footer.push(t("common.mail.unsubscribeText", { url: frame.unsubscribeUrl }));
  blocks.push(`-- \n${footer.join("\n")}`);
  return `${blocks.join("\n\n")}\n`;
}

/** Both parts of an email, in the current language (the worker renders inside the recipient's). */
export function renderMail(content: MailContentProps, frame: MailFrameProps): { text: string; html: string } {
  return {
    text: mailText(content, frame),
    html: `<!doctype html>${(<MailHtml content={content} frame={frame} />).html}`,
  };
}
