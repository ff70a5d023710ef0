import { useDomains } from "../../api/domains-queries";
import { QueryState } from "../QueryState";
import { RoleNotice } from "../settings/RoleNotice";
import { DomainCard } from "./DomainCard";
import { DomainForm } from "./DomainForm";
import "./domains.css";

/**
 * Settings → Domains: serve landing pages on the customer's own hostname. Said plainly when the
 * platform has custom domains switched off, instead of a form that would fail.
 */
export function Domains({ canChange }: { canChange: boolean }) {
  const domains = useDomains();
  return (
    <QueryState query={domains} what="domains">
      {({ domains: list, available }) => (
        <div className="stack">
          {!available ? (
            <section className="card stack" aria-label="Custom domains are off" data-testid="domains-off">
              <h2 className="section-title">Custom domains are not available here</h2>
              <p className="hint">
                This installation has custom domains switched off, so landing pages are served on your
                workspace's subdomain. The platform's operator can turn them on (Cloudflare for SaaS).
              </p>
            </section>
          ) : canChange ? (
            <DomainForm />
          ) : (
            <RoleNotice area="domains" what="custom domains" />
          )}
          {list.length > 0 ? (
            <section className="stack" aria-label="Custom domains">
              {list.map((d) => (
                <DomainCard key={d.id} domain={d} canChange={canChange && available} />
              ))}
            </section>
          ) : (
            available && (
              <div className="empty">
                No custom domain yet. Landing pages are served on your workspace’s subdomain.
              </div>
            )
          )}
        </div>
      )}
    </QueryState>
  );
}
