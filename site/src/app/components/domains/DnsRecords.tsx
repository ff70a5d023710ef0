import type { DnsRecord } from "../../api/schema";
import { CopyButton } from "../CopyButton";
import { DataTable } from "../table/DataTable";

const PURPOSE: Record<DnsRecord["purpose"], string> = {
  routing: "Points the hostname at us",
  ownership: "Proves the domain is yours",
  certificate: "Lets us issue its HTTPS certificate",
};

/** The records to create at the DNS provider, each value copyable. */
export function DnsRecords({ records }: { records: DnsRecord[] }) {
  if (records.length === 0) return <p className="hint">The DNS records appear after the next check.</p>;
  return (
    <DataTable
      label="DNS records to create"
      className="dns-records"
      columns={["Type", "Name", "Value", "Why"]}
    >
      {records.map((r) => (
        <tr key={`${r.type}-${r.name}-${r.value}`} data-type={r.type}>
          <td>
            <span className="badge">{r.type}</span>
          </td>
          <td data-label="Name">
            <fieldset className="dns-copy" aria-label={`${r.type} record name`}>
              <code className="mono dns-value">{r.name}</code> <CopyButton text={r.name} />
            </fieldset>
          </td>
          <td data-label="Value">
            <fieldset className="dns-copy" aria-label={`${r.type} record value`}>
              <code className="mono dns-value">{r.value}</code> <CopyButton text={r.value} />
            </fieldset>
          </td>
          <td className="hint">{PURPOSE[r.purpose]}</td>
        </tr>
      ))}
    </DataTable>
  );
}
