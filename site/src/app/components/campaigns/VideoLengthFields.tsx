import { planSceneDurations, type Scene, type VideoLength } from "@loom-lite/schema";
import { useId } from "react";

interface Props {
  length: VideoLength;
  onChange: (length: VideoLength) => void;
  scenes: Pick<Scene, "seconds">[];
  fps: number;
  /** The facecam's length; null while unknown (not uploaded yet, or being read). */
  facecamSeconds: number | null;
}

/**
 * What sets the video's length, with the facecam's length shown against the scenes' total and a warning
 * in plain words when they differ. The totals come from the render node's own timing rules.
 */
export function VideoLengthFields({ length, onChange, scenes, fps, facecamSeconds }: Props) {
  const id = useId();
  const asked = planSceneDurations(scenes, facecamSeconds ?? 0, fps, "scenes").totalSeconds;
  const video = facecamSeconds === null ? null : planSceneDurations(scenes, facecamSeconds, fps, length);
  return (
    <fieldset className="stack" aria-label="Video length">
      <legend>Video length</legend>
      <label className="check">
        <input
          type="radio"
          name={`${id}-length`}
          checked={length === "facecam"}
          onChange={() => onChange("facecam")}
        />
        End with the facecam: the scenes are stretched or shortened together to last as long as your clip
      </label>
      <label className="check">
        <input
          type="radio"
          name={`${id}-length`}
          checked={length === "scenes"}
          onChange={() => onChange("scenes")}
        />
        Keep each scene's seconds: if your clip ends first, its last frame stays in the bubble, silent
      </label>
      <p className="hint" data-testid="length-figures">
        Facecam: {facecamSeconds === null ? "not known yet" : seconds(facecamSeconds)} · Scenes:{" "}
        {seconds(asked)}
        {video && ` · Video: ${seconds(video.totalSeconds)}`}
      </p>
      {facecamSeconds !== null && <LengthNotice length={length} facecam={facecamSeconds} scenes={asked} />}
    </fieldset>
  );
}

function LengthNotice({ length, facecam, scenes }: { length: VideoLength; facecam: number; scenes: number }) {
  const gap = scenes - facecam;
  if (Math.abs(gap) <= 0.5) return null;
  if (length === "facecam") {
    return (
      <p className="hint" role="status">
        The scenes ask for {seconds(scenes)}; they are {gap > 0 ? "shortened" : "stretched"} together to your
        clip's {seconds(facecam)}.
      </p>
    );
  }
  return (
    <div className="alert warn" role="status">
      {gap > 0
        ? `The scenes last ${seconds(scenes)} but your facecam only ${seconds(facecam)}: for the last ${seconds(gap)} the bubble shows your last frame and there is no sound.`
        : `The scenes last ${seconds(scenes)} but your facecam ${seconds(facecam)}: the video stops after ${seconds(scenes)} and cuts off the last ${seconds(-gap)} of what you say.`}{" "}
      Choose “End with the facecam” to fit the scenes to your clip, or change the scenes' seconds.
    </div>
  );
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`;
}
