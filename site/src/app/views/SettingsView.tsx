import { useMe } from "../api/queries";
import type { Role } from "../api/schema";
import { BillingSettings } from "../components/billing/BillingSettings";
import { Domains } from "../components/domains/Domains";
import { ApiKeys } from "../components/settings/ApiKeys";
import { DangerZone } from "../components/settings/DangerZone";
import { NotificationSettings } from "../components/settings/NotificationSettings";
import { PasswordForm } from "../components/settings/PasswordForm";
import { ProfileForm } from "../components/settings/ProfileForm";
import { RoleNotice } from "../components/settings/RoleNotice";
import { TeamInvites } from "../components/settings/TeamInvites";
import { WorkspaceForm } from "../components/settings/WorkspaceForm";
import { Webhooks } from "../components/webhooks/Webhooks";
import { href, type SettingsTab } from "../lib/router";
import { type GuardedArea, mayChange } from "../lib/team-rules";
import { BillingPlans } from "../settings/billing-plans";

const TABS: { tab: SettingsTab; label: string; onlyFor?: GuardedArea }[] = [
  { tab: "profile", label: "Profile" },
  { tab: "password", label: "Password" },
  { tab: "keys", label: "API keys" },
  { tab: "workspace", label: "Workspace" },
  { tab: "team", label: "Team" },
  { tab: "notifications", label: "Notifications" },
  { tab: "webhooks", label: "Webhooks" },
  { tab: "domains", label: "Domains" },
  { tab: "billing", label: "Billing" },
  // Deleting the account is the owner's alone; nothing else is on that tab.
  { tab: "danger", label: "Danger zone", onlyFor: "danger" },
];

export function SettingsView({ tab }: { tab: SettingsTab }) {
  const role = useMe(true).data?.role ?? null;
  const tabs = TABS.filter((t) => !t.onlyFor || mayChange(role, t.onlyFor));
  return (
    <div className="stack narrow">
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
        {tabs.map((t) => (
          <a
            key={t.tab}
            href={href({ view: "settings", tab: t.tab })}
            aria-current={t.tab === tab ? "page" : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <SettingsPanel tab={tab} role={role} />
    </div>
  );
}

function SettingsPanel({ tab, role }: { tab: SettingsTab; role: Role | null }) {
  switch (tab) {
    case "password":
      return <PasswordForm />;
    case "keys":
      return <ApiKeys />;
    case "workspace":
      return mayChange(role, "workspace") ? (
        <WorkspaceForm />
      ) : (
        <RoleNotice area="workspace" what="the workspace's name, subdomain and branding" />
      );
    case "team":
      return <TeamInvites />;
    case "notifications":
      return <NotificationSettings />;
    case "webhooks":
      return <Webhooks canChange={mayChange(role, "webhooks")} />;
    case "domains":
      return <Domains canChange={mayChange(role, "domains")} />;
    case "billing":
      return <BillingSettings plans={<BillingPlans />} canChange={mayChange(role, "billing")} />;
    case "danger":
      return mayChange(role, "danger") ? (
        <DangerZone />
      ) : (
        <RoleNotice area="danger" what="or delete the workspace" />
      );
    default:
      return <ProfileForm />;
  }
}
