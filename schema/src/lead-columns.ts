import { normalizeFieldName } from "./merge";

/**
 * Header spellings seen in CRM and prospecting-tool exports (Apollo, HubSpot, Sales Navigator, Excel),
 * compared after lower-casing and turning punctuation into spaces. The keys are the standard lead
 * columns: what a campaign's merge fields can name before it has any leads.
 */
const HEADER_ALIASES = {
  website: [
    "website",
    "web site",
    "url",
    "website url",
    "domain",
    "site",
    "homepage",
    "web",
    "company website",
    "company url",
    "company domain",
    "organization website",
  ],
  first_name: ["first name", "firstname", "first", "given name", "fname", "contact first name"],
  last_name: ["last name", "lastname", "last", "surname", "family name", "lname", "contact last name"],
  name: ["name", "full name", "contact name", "contact"],
  email: ["email", "e mail", "email address", "e mail address", "mail", "work email", "business email"],
  company: [
    "company",
    "company name",
    "organization",
    "organisation",
    "organization name",
    "account",
    "account name",
    "business",
  ],
  title: ["title", "job title", "position", "role", "job role"],
  phone: ["phone", "phone number", "mobile", "mobile phone", "telephone", "tel"],
  linkedin_url: ["linkedin", "linkedin url", "linkedin profile", "person linkedin url"],
  city: ["city", "town"],
  country: ["country"],
} as const satisfies Record<string, readonly string[]>;

export const STANDARD_LEAD_FIELDS = Object.keys(HEADER_ALIASES) as readonly string[];

const ALIAS_TO_FIELD = new Map<string, string>(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) => aliases.map((a) => [a, field] as const)),
);

function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The standard column a CSV header stands for (`E-mail Address` → `email`), if any. */
export function standardFieldForHeader(header: string): string | undefined {
  return ALIAS_TO_FIELD.get(headerKey(header));
}

/**
 * The field a column fills when its header is no standard spelling: the header itself as a field name
 * (`Favourite Dish` → `favourite_dish`), or `column_<n>` (1-based) when nothing of it is usable.
 */
export function ownFieldForHeader(header: string, position: number): string {
  return normalizeFieldName(header).replace(/[^a-z0-9_]/g, "") || `column_${position}`;
}
