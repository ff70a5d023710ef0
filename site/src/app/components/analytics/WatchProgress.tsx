import { ProgressBar } from "../ProgressBar";

/** How far a lead watched their video, as a bar and words. */
export function WatchProgress({ percent, name }: { percent: number; name: string }) {
  return (
    <span className="watch-progress">
      <ProgressBar value={percent / 100} label={`How much of the video ${name} watched`} tone="done" />
      <span className="hint">{percent > 0 ? `watched ${percent} %` : "not watched yet"}</span>
    </span>
  );
}
