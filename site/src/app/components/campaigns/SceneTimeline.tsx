import { planVideoTimeline, type SceneSpec } from "@loom-lite/schema";
import { ACTION_WORDS } from "../../lib/scene-actions";

interface Props {
  spec: Pick<SceneSpec, "scenes" | "output" | "length">;
  facecamSeconds: number | null;
}

/**
 * Where the cursor goes and when: each scene's span in the video and each action's target and start,
 * planned by the same timing rules as the render node (scene-timing.ts). The node adds what depends on
 * the page (the cursor's way to an element, scrolling it into view), so a start is the earliest.
 */
export function SceneTimeline({ spec, facecamSeconds }: Props) {
  if (facecamSeconds === null)
    return <p className="hint">The timeline shows once the facecam's length is known.</p>;
  const timeline = planVideoTimeline(spec, facecamSeconds);
  return (
    <section className="stack" aria-label="Timeline">
      <h3 className="section-title">Timeline</h3>
      <ol className="stack timeline">
        {timeline.scenes.map((scene, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: scenes are identified by their position
          <li key={i} aria-label={`Timeline of scene ${i + 1}`}>
            <strong>
              Scene {i + 1}: {time(scene.start)} to {time(scene.start + scene.seconds)}
            </strong>
            <ul>
              {scene.actions.length === 0 && (
                <li className="hint">Reads the page from the top, then scrolls down.</li>
              )}
              {scene.actions.map((action, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: actions are identified by their position
                <li key={j} className={action.cut ? "muted" : undefined}>
                  {action.cut
                    ? "left out (the scene ends first)"
                    : `${action.approximate ? "from " : "at "}${time(action.at)}`}
                  {" · "}
                  {ACTION_WORDS[action.type].label}
                  {action.target && (
                    <>
                      {" "}
                      <code>{action.target}</code>
                    </>
                  )}
                  {action.seconds !== undefined
                    ? ` for ${action.seconds.toFixed(1)} s`
                    : " (as long as the page needs)"}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function time(seconds: number): string {
  return `${seconds.toFixed(1)} s`;
}
