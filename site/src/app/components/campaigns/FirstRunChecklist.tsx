import { useState } from "react";
import { useFacecams } from "../../api/onboarding";
import type { Campaign } from "../../api/schema";
import { href } from "../../lib/router";
import { OpenExampleButton } from "./OpenExampleButton";

interface Step {
  id: string;
  label: string;
  /** What to do, or where, while the step is not done. */
  next: string;
  link?: string;
  done: boolean;
}

/**
 * The first five steps of a new workspace, each ticked from what the workspace really has (a facecam,
 * a campaign with scenes, leads, a finished video, a lead who opened their page; the example campaign
 * counts for none), and a way to open the example campaign. Hidden once all are
 * done or when the rep dismisses it (remembered in this browser, per workspace).
 */
export function FirstRunChecklist({
  workspaceId,
  campaigns,
}: {
  workspaceId: string;
  campaigns: Campaign[];
}) {
  const storageKey = `loom-lite:first-run-dismissed:${workspaceId}`;
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(storageKey) === "1");
  const facecams = useFacecams();
  if (dismissed || facecams.isPending) return null;

  // The example campaign and its demo facecam are the platform's: they tick none of the rep's steps.
  const exampleFacecams = new Set(campaigns.filter((c) => c.example).map((c) => c.spec.facecam));
  const ownFacecams = (facecams.data ?? []).filter((f) => !exampleFacecams.has(f.id));
  const own = campaigns.filter((c) => !c.example);
  const sum = (pick: (c: Campaign) => number) => own.reduce((total, c) => total + pick(c), 0);
  const first = own[0];
  const firstLink = first ? href({ view: "campaign", id: first.id }) : href({ view: "campaign-new" });
  const steps: Step[] = [
    {
      id: "facecam",
      label: "Record or upload your facecam",
      next: "The clip of you that sits in every video.",
      link: href({ view: "campaign-new" }),
      done: ownFacecams.length > 0 || own.length > 0,
    },
    {
      id: "scenes",
      label: "Choose the scenes",
      next: "Which pages of each lead's site the video shows, in a new campaign.",
      link: href({ view: "campaign-new" }),
      done: own.length > 0,
    },
    {
      id: "leads",
      label: "Add leads",
      next: "Import a CSV or add one lead by hand on the campaign's Leads tab.",
      link: firstLink,
      done: sum((c) => c.figures.leads) > 0,
    },
    {
      id: "render",
      label: "Render your first video",
      next: "Press “Render all” on the campaign's Leads tab.",
      link: firstLink,
      done: sum((c) => c.figures.rendered) > 0,
    },
    {
      id: "share",
      label: "Share a video",
      next: "Send a lead their page link (or export the CSV); ticked when a lead opens their page.",
      link: firstLink,
      done: sum((c) => c.figures.views) > 0,
    },
  ];
  const doneCount = steps.filter((s) => s.done).length;
  if (doneCount === steps.length) return null;

  return (
    <section className="card stack" aria-label="Getting started">
      <div className="row">
        <h2 className="section-title">Getting started</h2>
        <span className="hint">
          {doneCount} of {steps.length} done
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="btn secondary small"
          onClick={() => {
            localStorage.setItem(storageKey, "1");
            setDismissed(true);
          }}
        >
          Hide checklist
        </button>
      </div>
      <ol className="checklist">
        {steps.map((step) => (
          <li
            key={step.id}
            data-done={step.done}
            aria-label={`${step.label}: ${step.done ? "done" : "to do"}`}
          >
            <span aria-hidden="true">{step.done ? "✓" : "○"}</span>{" "}
            {step.done || !step.link ? <strong>{step.label}</strong> : <a href={step.link}>{step.label}</a>}
            {!step.done && <span className="hint"> · {step.next}</span>}
          </li>
        ))}
      </ol>
      <div className="row">
        <OpenExampleButton className="btn secondary small" />
        <span className="hint">
          A ready campaign with a demo facecam and three leads, to see how it all works.
        </span>
      </div>
    </section>
  );
}
