/**
 * What an email says, structured. The layout (views/emails/mail.tsx) renders both the plain-text
 * and the HTML part from it, with the centre's name at the top and, for notifications, an
 * unsubscribe footer, so every email reads the same and no template writes HTML of its own.
 */
export interface MailContent {
  subject: string;
  /** The opening line, e.g. "Hello Maria,". */
  greeting?: string;
  /** Plain text; escaped in the HTML part. */
  paragraphs: string[];
  /** Lines with optional links: a digest's items, a list. */
  items?: { text: string; url?: string }[];
  /** The one link the email is about, shown as a button. */
  action?: { label: string; url: string };
  /** Small print under the action, e.g. "This link works for 30 minutes." */
  footnote?: string;
}

/** Who an email is for, as the worker found them when composing it. */
export interface MailRecipient {
  userId: string;
  name: string;
  centreName: string | null;
}

/**
 * Puts one email into words. It runs in the worker inside the recipient's localisation (their
 * language, their centre's time zone), so `t()` and the formatters speak to them.
 */
export type ComposeMail<Params> = (params: Params, recipient: MailRecipient) => MailContent;

/** A kind of email: its stored name (keep it stable) and how it is put into words. */
export interface MailTemplate<Params> {
  readonly name: string;
  readonly compose: ComposeMail<Params>;
}

/** Any template, whatever its parameters: what lists of templates hold. */
export type AnyMailTemplate = MailTemplate<never>;

export function mailTemplate<Params>(name: string, compose: ComposeMail<Params>): MailTemplate<Params> {
  return { name, compose };
}

/** The templates the worker can compose, by name; modules list theirs and src/registry.ts lists the modules. */
export class MailTemplates {
  private readonly byName = new Map<string, AnyMailTemplate>();

  constructor(templates: readonly AnyMailTemplate[]) {
    for (const template of templates) {
      if (this.byName.has(template.name)) throw new Error(`Mail template ${template.name} is listed twice`);
      this.byName.set(template.name, template);
    }
  }

  /** Puts a stored email into words, or null when no template of that name is listed. */
  compose(name: string, params: unknown, recipient: MailRecipient): MailContent | null {
    const template = this.byName.get(name);
    if (!template) return null;
    return (template.compose as ComposeMail<unknown>)(params, recipient);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
