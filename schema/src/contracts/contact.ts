import { z } from "zod";

/**
 * The storefront's "contact sales / book a demo" form: what a prospect may send, checked on the edge.
 * The site reads the same limits for its `maxlength` attributes. Nothing here may carry a line break
 * except the message, because name, company and e-mail end up in the sales e-mail's subject line.
 */
export const CONTACT_LIMITS = { name: 100, email: 254, company: 120, teamSize: 20, message: 4_000 } as const;

export const CONTACT_TEAM_SIZES = ["1", "2-10", "11-50", "51-200", "200+"] as const;
export const CONTACT_TOPICS = ["demo", "pricing", "agency", "security", "other"] as const;

/** The honeypot: a field people never see or fill; a bot that fills every input gives itself away. */
export const CONTACT_HONEYPOT_FIELD = "nickname";

/** One line of text: no control characters at all (CR and LF included). */
const oneLine = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine((s) => !/\p{Cc}/u.test(s), `${label} must be one line of plain text`);

export const ContactRequestSchema = z.object({
  name: oneLine("Your name", CONTACT_LIMITS.name),
  email: z
    .string({ error: "Work e-mail is required" })
    .trim()
    .max(CONTACT_LIMITS.email, `Work e-mail must be at most ${CONTACT_LIMITS.email} characters`)
    .pipe(z.email("Work e-mail must be an e-mail address such as ana@company.com")),
  company: oneLine("Company", CONTACT_LIMITS.company),
  teamSize: z.enum(CONTACT_TEAM_SIZES, `Team size must be one of ${CONTACT_TEAM_SIZES.join(", ")}`),
  topic: z.enum(CONTACT_TOPICS, `Topic must be one of ${CONTACT_TOPICS.join(", ")}`).default("demo"),
  message: z
    .string()
    .trim()
    .max(CONTACT_LIMITS.message, `Message must be at most ${CONTACT_LIMITS.message} characters`)
    // Line breaks and tabs are fine in a message; other control characters are not text.
    .refine((s) => !/[^\P{Cc}\n\r\t]/u.test(s), "Message must be plain text")
    .default(""),
});
export type ContactRequestInput = z.input<typeof ContactRequestSchema>;
export type ContactRequest = z.output<typeof ContactRequestSchema>;
export type ContactField = keyof ContactRequest;
