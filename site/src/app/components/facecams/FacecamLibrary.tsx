import { useState } from "react";
import { assetContentUrl } from "../../api/client";
import { useDeleteFacecam, useFacecams, useRenameFacecam } from "../../api/facecam-queries";
import type { Facecam } from "../../api/schema";
import { formatClock, formatDate } from "../../lib/format";
import { href } from "../../lib/router";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";
import { TextField } from "../form/TextField";
import { QueryState } from "../QueryState";

interface Props {
  /** Set in a campaign's form: each facecam gets a button that picks it. */
  onPick?: (facecam: Facecam) => void;
  pickedId?: string;
}

export const facecamTitle = (f: Pick<Facecam, "name">) => f.name ?? "Untitled facecam";

/**
 * The workspace's facecams with a preview (the clip's first frame; it plays in place), name, length
 * and the campaigns using each: rename any, delete one no campaign uses, and in a campaign's form pick one.
 */
export function FacecamLibrary({ onPick, pickedId }: Props) {
  const facecams = useFacecams();
  return (
    <QueryState
      query={facecams}
      what="facecams"
      isEmpty={(data) => data.facecams.length === 0}
      empty="No facecams yet: record one or upload a clip, and it is kept here for every campaign."
    >
      {(data) => (
        <ul className="facecam-library" aria-label="Facecam library">
          {data.facecams.map((f) => (
            <FacecamItem key={f.id} facecam={f} onPick={onPick} picked={f.id === pickedId} />
          ))}
        </ul>
      )}
    </QueryState>
  );
}

function FacecamItem({
  facecam,
  onPick,
  picked,
}: {
  facecam: Facecam;
  onPick?: (f: Facecam) => void;
  picked: boolean;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(facecam.name ?? "");
  const rename = useRenameFacecam();
  const remove = useDeleteFacecam();
  const title = facecamTitle(facecam);
  const submitRename = () => rename.mutate({ id: facecam.id, name }, { onSuccess: () => setRenaming(false) });
  return (
    <li className={`card facecam-item${picked ? " picked" : ""}`} aria-label={title}>
      <video
        className="facecam-thumb"
        src={`${assetContentUrl(facecam.id)}#t=0.1`}
        preload="metadata"
        muted
        controls
        aria-label={`Preview of ${title}`}
      />
      <div className="stack grow">
        {renaming ? (
          // Not a <form>: the library sits inside a campaign's form, and forms do not nest.
          <div className="row wrap">
            <TextField
              label="Facecam name"
              value={name}
              onChange={setName}
              maxLength={120}
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                e.preventDefault();
                submitRename();
              }}
            />
            <button type="button" className="btn small" disabled={rename.isPending} onClick={submitRename}>
              Save name
            </button>
            <button type="button" className="btn secondary small" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <strong>{title}</strong>
        )}
        <span className="hint">
          {facecam.durationMs !== null ? formatClock(facecam.durationMs / 1000) : "length unknown"} ·{" "}
          {formatDate(facecam.createdAt)}
        </span>
        <span className="hint">
          {facecam.usedBy.length === 0 ? (
            "Not used by any campaign"
          ) : (
            <>
              Used by{" "}
              {facecam.usedBy.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ", "}
                  <a href={href({ view: "campaign", id: c.id })}>{c.name}</a>
                </span>
              ))}
            </>
          )}
        </span>
        <div className="row wrap">
          {onPick && (
            <button
              type="button"
              className={picked ? "btn small" : "btn secondary small"}
              aria-pressed={picked}
              onClick={() => onPick(facecam)}
            >
              {picked ? "Picked" : "Use this facecam"}
            </button>
          )}
          {!renaming && (
            <button
              type="button"
              className="btn secondary small"
              onClick={() => {
                setName(facecam.name ?? "");
                setRenaming(true);
              }}
            >
              Rename
            </button>
          )}
          {facecam.usedBy.length === 0 && !picked && (
            <ConfirmButton
              question={`Delete "${title}" for good?`}
              confirmLabel="Delete facecam"
              ariaLabel={`Delete ${title}`}
              disabled={remove.isPending}
              onConfirm={() => remove.mutate(facecam.id)}
            >
              Delete
            </ConfirmButton>
          )}
        </div>
        <ErrorMessage error={rename.error ?? remove.error} />
      </div>
    </li>
  );
}
