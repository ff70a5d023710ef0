import { useCheckDomain, useDeleteDomain } from "../../api/domains-queries";
import type { CustomDomain } from "../../api/schema";
import { formatAgo } from "../../lib/format";
import { ActionButton } from "../ActionButton";
import { ConfirmButton } from "../ConfirmButton";
import { ErrorMessage } from "../ErrorMessage";
import { DnsRecords } from "./DnsRecords";

function statusTone(status: string): string {
  if (status === "active") return "done";
  if (/blocked|moved|deleted|failed|error/.test(status)) return "failed";
  return "queued";
}

/** One hostname: its status, a check on demand, the DNS records while pending, and delete. */
export function DomainCard({ domain, canChange }: { domain: CustomDomain; canChange: boolean }) {
  const check = useCheckDomain();
  const remove = useDeleteDomain();
  const active = domain.status === "active";
  return (
    <article className="card stack" aria-label={`Domain ${domain.hostname}`}>
      <div className="row">
        <div className="grow">
          <strong className="mono">{domain.hostname}</strong>{" "}
          <span className={`badge ${statusTone(domain.status)}`} data-testid="domain-status">
            {domain.status.replace(/_/g, " ")}
          </span>
          {domain.sslStatus && (
            <span className="hint"> · certificate {domain.sslStatus.replace(/_/g, " ")}</span>
          )}
          <div className="hint">Checked {formatAgo(domain.checkedAt)}</div>
        </div>
        {canChange && (
          <>
            <ActionButton
              pending={check.isPending}
              pendingLabel="Checking…"
              ariaLabel={`Check now: ${domain.hostname}`}
              onClick={() => check.mutate(domain.id)}
            >
              Check now
            </ActionButton>
            <ConfirmButton
              question={`Remove ${domain.hostname}? Links on it stop working at once.`}
              confirmLabel="Remove domain"
              ariaLabel={`Remove ${domain.hostname}`}
              disabled={remove.isPending}
              onConfirm={() => remove.mutate(domain.id)}
            >
              Remove
            </ConfirmButton>
          </>
        )}
      </div>
      <ErrorMessage error={check.error ?? remove.error} />
      {active ? (
        <p className="hint">
          Active: landing pages are served on <code>https://{domain.hostname}/…</code>.
        </p>
      ) : (
        <>
          <p className="hint">
            Create these records at your DNS provider. We check every minute; press “Check now” after adding
            them.
          </p>
          <DnsRecords records={domain.dnsRecords} />
        </>
      )}
    </article>
  );
}
