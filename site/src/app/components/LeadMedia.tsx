import type { LeadRender } from "../api/schema";

const LINKS: { name: "video.mp4" | "poster.jpg" | "preview.gif"; label: string }[] = [
  { name: "video.mp4", label: "MP4" },
  { name: "poster.jpg", label: "Poster" },
  { name: "preview.gif", label: "GIF" },
];

/** Links to a finished render's video, poster and GIF, for outreach tools that want files. */
export function LeadMedia({ render, title }: { render: NonNullable<LeadRender>; title: string }) {
  const artifacts = render.artifacts ?? {};
  const present = LINKS.filter((l) => artifacts[l.name]);
  if (present.length === 0) return null;
  return (
    <span className="media-links">
      {present.map((l) => (
        <a
          key={l.name}
          href={artifacts[l.name]}
          target="_blank"
          rel="noreferrer"
          aria-label={`${l.label} of ${title}`}
        >
          {l.label}
        </a>
      ))}
    </span>
  );
}
