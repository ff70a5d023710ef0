import { useDomains } from "../../api/domains-queries";
import { QueryState } from "../QueryState";
import { DomainCard } from "./DomainCard";
import { DomainForm } from "./DomainForm";
import "./domains.css";

/** Settings → Domains: serve landing pages on the customer's own hostname. */
export function Domains() {
  const domains = useDomains();
  return (
    <div className="stack">
      <DomainForm />
      <section className="stack" aria-label="Custom domains">
        <QueryState
          query={domains}
          what="domains"
          empty="No custom domain yet. Landing pages are served on your workspace’s subdomain."
        >
          {(list) => list.map((d) => <DomainCard key={d.id} domain={d} />)}
        </QueryState>
      </section>
    </div>
  );
}
