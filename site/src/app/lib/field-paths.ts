/**
 * The API names a refused field by its path in the request (`spec.scenes.0.actions.1.selector`); the
 * dashboard says where that is on screen ("Scene 1 · action 2 · selector").
 */
const LABELS: Record<string, string> = {
  url: "page URL",
  seconds: "seconds",
  selector: "selector",
  to: "scroll to",
  text: "text",
  at: "from second",
  until: "until second",
  facecam: "Facecam",
  bubble: "Bubble",
  size: "size",
  output: "Output size",
  fallbackUrl: "Fallback page",
  onUnusable: "When a lead's site is unusable",
  headline: "Headline",
  message: "Message",
  ctaLabel: "Button label",
  ctaUrl: "Button link",
  calendarUrl: "Calendar embed URL",
  logoAssetId: "Logo",
  primaryColor: "Button color",
  backgroundColor: "Background color",
  name: "Campaign name",
  scenes: "Scenes",
};
const NUMBERED: Record<string, string> = { scenes: "Scene", actions: "action", overlays: "overlay" };
/** Request wrappers the rep never sees. */
const HIDDEN = new Set(["spec", "landing", "body"]);

export function uiPath(path: string): string {
  const parts = path.split(".");
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const next = parts[i + 1];
    if (NUMBERED[part] && next !== undefined && /^\d+$/.test(next)) {
      words.push(`${NUMBERED[part]} ${Number(next) + 1}`);
      i++;
    } else if (!HIDDEN.has(part) || parts.length === 1) {
      words.push(LABELS[part] ?? part);
    }
  }
  return words.join(" · ");
}

export interface FieldProblemText {
  /** The API's path, e.g. `spec.scenes.0.url`. */
  path: string;
  message: string;
}

/** `spec.scenes.0.url: message`: a dotted path (a single word is too often plain prose), then the message. */
const FIELD_AND_MESSAGE = /^([A-Za-z]\w*(?:\.\w+)+): ([\s\S]*)$/;

/** One problem per `path: message` of an API error; a message naming no field gives none. */
export function apiFieldProblems(message: string): FieldProblemText[] {
  return message
    .split(/; (?=[A-Za-z][\w.]*: )/)
    .map((part) => FIELD_AND_MESSAGE.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1] as string, message: m[2] as string }));
}

/** The API's message with each field path in the dashboard's words. */
export function inUiWords(message: string): string {
  return message
    .split(/; (?=[A-Za-z][\w.]*: )/)
    .map((part) => {
      const m = FIELD_AND_MESSAGE.exec(part);
      return m ? `${uiPath(m[1] as string)}: ${m[2]}` : part;
    })
    .join("; ");
}
