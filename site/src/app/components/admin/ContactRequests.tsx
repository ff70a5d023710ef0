import { useContactRequests } from "../../api/admin-queries";
import { QueryState } from "../QueryState";
import { DataTable } from "../table/DataTable";

/** The storefront's contact form submissions (each also went to the sales inbox). */
export function ContactRequests() {
  const requests = useContactRequests();
  return (
    <section className="card" aria-label="Contact requests">
      <h2 className="section-title">Contact requests</h2>
      <QueryState
        query={requests}
        what="contact requests"
        isEmpty={(list) => list.length === 0}
        empty="Nobody has written through the contact form yet."
      >
        {(list) => (
          <DataTable columns={["Received", "Name", "E-mail", "Company", "Team", "Topic", "Message"]}>
            {list.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
                <td>{r.name}</td>
                <td>
                  <a href={`mailto:${r.email}`}>{r.email}</a>
                </td>
                <td>{r.company}</td>
                <td>{r.teamSize}</td>
                <td>{r.topic}</td>
                <td style={{ whiteSpace: "pre-wrap" }}>{r.message}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
