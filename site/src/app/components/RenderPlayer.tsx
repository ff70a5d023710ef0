import { artifactUrl } from "../api/client";
import { useRender } from "../api/queries";
import { ErrorMessage } from "./ErrorMessage";

interface Props {
  renderId: string;
  title: string;
  /** The lead's page, opened as the team (see previewHref). */
  previewHref?: string;
  onClose: () => void;
}

/** The finished video with its poster, plus the artifacts and timings of the render. */
export function RenderPlayer({ renderId, title, previewHref, onClose }: Props) {
  const render = useRender(renderId);
  const artifacts = render.data?.artifacts ?? {};
  const video = artifacts["video.mp4"] ?? artifactUrl(renderId, "video.mp4");
  const poster = artifacts["poster.jpg"] ?? artifactUrl(renderId, "poster.jpg");

  return (
    <section className="card player" aria-labelledby={`player-${renderId}`}>
      <div className="row">
        <h3 id={`player-${renderId}`}>Video for {title}</h3>
        <span className="spacer" />
        <button type="button" className="btn secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      {/* biome-ignore lint/a11y/useMediaCaption: rendered videos carry no caption track yet */}
      <video key={video} src={video} poster={poster} controls preload="metadata" className="player-video" />
      <ErrorMessage error={render.error} />
      <div className="row">
        <a href={video} download>
          Download MP4
        </a>
        <a href={poster} target="_blank" rel="noreferrer">
          Poster image
        </a>
        {previewHref && (
          <a href={previewHref} target="_blank" rel="noreferrer">
            Landing page
          </a>
        )}
        {render.data?.durationMs ? (
          <span className="hint">{formatLength(render.data.durationMs)} long</span>
        ) : null}
      </div>
    </section>
  );
}

function formatLength(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
