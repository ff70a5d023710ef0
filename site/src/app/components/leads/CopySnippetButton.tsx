import { useState } from "react";
import { getEmailSnippet } from "../../api/leads";

type Status = "idle" | "copying" | "copied" | "failed";

const LABEL: Record<Status, string> = {
  // Part of the button's name ("Copy the email snippet of …"), as a label a person sees must be.
  idle: "Email snippet",
  copying: "Copying…",
  copied: "Copied",
  failed: "Copy failed",
};

/**
 * Copies the lead's email snippet (HTML: the GIF linking to the landing page) in one click. The
 * snippet is asked for on click, inside a ClipboardItem where the browser has it, so the click still
 * counts as the user's gesture once the answer arrives.
 */
async function copySnippet(leadId: string): Promise<void> {
  const html = getEmailSnippet(leadId).then((s) => s.html);
  if (typeof ClipboardItem !== "undefined" && navigator.clipboard.write) {
    const blob = html.then((h) => new Blob([h], { type: "text/plain" }));
    await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    return;
  }
  await navigator.clipboard.writeText(await html);
}

export function CopySnippetButton({ leadId, title }: { leadId: string; title: string }) {
  const [status, setStatus] = useState<Status>("idle");
  return (
    <button
      type="button"
      className="btn secondary small"
      aria-label={`Copy the email snippet of ${title}`}
      title="Copy HTML for an email: the video's GIF linking to the landing page"
      disabled={status === "copying"}
      onClick={() => {
        setStatus("copying");
        copySnippet(leadId).then(
          () => setStatus("copied"),
          () => setStatus("failed"),
        );
        setTimeout(() => setStatus("idle"), 2500);
      }}
    >
      {LABEL[status]}
    </button>
  );
}
