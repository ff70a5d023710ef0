import { useId } from "react";
import { useEmailSnippet } from "../../api/leads-queries";
import { previewHref } from "../../lib/landing";
import { CopyButton } from "../CopyButton";
import { QueryState } from "../QueryState";
import "./leads.css";

/**
 * The snippet as shown here: its links open the page as the team (a click in the dashboard is the rep's
 * visit, not the prospect's); what is copied keeps the prospect's link.
 */
function shownSnippet(html: string, landingUrl: string, leadId: string): string {
  return html.split(`href="${landingUrl}"`).join(`href="${previewHref(leadId)}"`);
}

/** The lead's email snippet as HTML to copy, what it looks like in a message, and a plain-text line. */
export function EmailSnippet({ leadId }: { leadId: string }) {
  const id = useId();
  const snippet = useEmailSnippet(leadId);
  return (
    <QueryState query={snippet} what="the email snippet">
      {(s) => (
        <div className="stack">
          {!s.imageUrl && (
            <p className="hint">The GIF is added once this lead’s video is done; until then it is a link.</p>
          )}
          <label htmlFor={`${id}-html`} className="label">
            HTML
          </label>
          <textarea
            id={`${id}-html`}
            className="mono snippet-code"
            readOnly
            rows={4}
            value={s.html}
            data-testid="email-snippet-html"
          />
          <div className="row">
            <CopyButton text={s.html} label="Copy HTML" />
            <span className="hint">Paste it into your email tool’s HTML or source view.</span>
          </div>
          <figure className="snippet-preview" aria-label="Preview of the snippet">
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the API's escaped snippet, shown as it will look */}
            <div dangerouslySetInnerHTML={{ __html: shownSnippet(s.html, s.landingUrl, leadId) }} />
          </figure>
          <label htmlFor={`${id}-text`} className="label">
            Plain text
          </label>
          <div className="row">
            <input id={`${id}-text`} type="text" className="mono grow" readOnly value={s.text} />
            <CopyButton text={s.text} label="Copy text" />
          </div>
        </div>
      )}
    </QueryState>
  );
}
