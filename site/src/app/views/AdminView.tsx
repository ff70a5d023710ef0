import { useSystemSettings } from "../api/admin-queries";
import { ContactRequests } from "../components/admin/ContactRequests";
import { CurrentJobs } from "../components/admin/CurrentJobs";
import { GlobalCapForm } from "../components/admin/GlobalCapForm";
import { NodesTable } from "../components/admin/NodesTable";
import { QueryState } from "../components/QueryState";

/** Operators only (granted through /api/admin/operators); anyone else sees the API's 403 in words. */
export function AdminView() {
  const settings = useSystemSettings();
  return (
    <div className="stack">
      <h1>Admin</h1>
      <QueryState query={settings} what="platform settings">
        {(s) => (
          <>
            <GlobalCapForm settings={s} />
            <NodesTable />
            <CurrentJobs />
            <ContactRequests />
          </>
        )}
      </QueryState>
    </div>
  );
}
