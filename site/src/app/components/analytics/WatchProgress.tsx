import { ProgressBar } from "../ProgressBar";

/**
 * How far a lead watched their video, as a bar and words. The player reports quarters (25, 50, 75,
 * 100 %), so a lead who pressed play and stopped early has played it without a quarter watched: the
 * words say so rather than "not watched" next to a "played" mark.
 */
export function WatchProgress({ percent, played, name }: { percent: number; played: boolean; name: string }) {
  const words =
    percent > 0 ? `watched ${percent} %` : played ? "played, less than a quarter watched" : "not played yet";
  return (
    <span className="watch-progress">
      <ProgressBar value={percent / 100} label={`How much of the video ${name} watched`} tone="done" />
      <span className="hint">{words}</span>
    </span>
  );
}
