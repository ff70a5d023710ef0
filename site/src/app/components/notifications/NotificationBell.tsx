import { useEffect, useId, useRef, useState } from "react";
import { useMarkAllRead, useMarkRead, useNotificationFeed } from "../../api/notifications-queries";
import type { Notification } from "../../api/schema";
import { formatAgo } from "../../lib/format";
import { href } from "../../lib/router";
import { ErrorMessage } from "../ErrorMessage";
import { describeAlert } from "./alert-text";
import "./notifications.css";

/** The header's bell: the unread count, and the feed of watch alerts when opened. */
export function NotificationBell() {
  const feed = useNotificationFeed();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const unread = feed.data?.pages[0]?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const closeOutside = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const closeOnEscape = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("mousedown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread ? `Watch alerts, ${unread} unread` : "Watch alerts"}
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width={20} height={20} aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="unread-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="bell-panel card" aria-label="Watch alerts">
          <div className="bell-head">
            <h2>Watch alerts</h2>
            <MarkAllRead disabled={unread === 0} />
          </div>
          <ErrorMessage error={feed.error} />
          <FeedItems feed={feed} onFollow={() => setOpen(false)} />
          <a
            className="bell-settings"
            href={href({ view: "settings", tab: "notifications" })}
            onClick={() => setOpen(false)}
          >
            Notification settings
          </a>
        </section>
      )}
    </div>
  );
}

function MarkAllRead({ disabled }: { disabled: boolean }) {
  const markAll = useMarkAllRead();
  return (
    <button
      type="button"
      className="btn secondary small"
      disabled={disabled || markAll.isPending}
      onClick={() => markAll.mutate(undefined)}
    >
      Mark all read
    </button>
  );
}

function FeedItems({
  feed,
  onFollow,
}: {
  feed: ReturnType<typeof useNotificationFeed>;
  onFollow: () => void;
}) {
  if (feed.isPending) return <p className="muted">Loading…</p>;
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  if (items.length === 0)
    return (
      <p className="muted">
        Nothing yet. You hear here (and by e-mail) when a lead opens their page, watches past half of the
        video or clicks your call to action.
      </p>
    );
  return (
    <>
      <ul className="bell-list">
        {items.map((n) => (
          <FeedItem key={n.id} n={n} onFollow={onFollow} />
        ))}
      </ul>
      {feed.hasNextPage && (
        <button
          type="button"
          className="btn secondary small"
          disabled={feed.isFetchingNextPage}
          onClick={() => feed.fetchNextPage()}
        >
          {feed.isFetchingNextPage ? "Loading…" : "Older alerts"}
        </button>
      )}
    </>
  );
}

function FeedItem({ n, onFollow }: { n: Notification; onFollow: () => void }) {
  const markRead = useMarkRead();
  const unread = n.readAt === null;
  return (
    <li className={unread ? "unread" : undefined}>
      <a
        href={href({ view: "lead", campaignId: n.campaignId, leadId: n.leadId })}
        onClick={() => {
          if (unread) markRead.mutate(n.id);
          onFollow();
        }}
      >
        {describeAlert(n)}
      </a>
      <span className="hint">
        {n.campaignName} · {formatAgo(n.createdAt)}
      </span>
      {unread && (
        <button
          type="button"
          className="link-button"
          disabled={markRead.isPending}
          onClick={() => markRead.mutate(n.id)}
        >
          Mark read
        </button>
      )}
    </li>
  );
}
