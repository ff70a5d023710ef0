import { BillingSettings } from "../components/billing/BillingSettings";
import { Domains } from "../components/domains/Domains";
import { ApiKeys } from "../components/settings/ApiKeys";
import { DangerZone } from "../components/settings/DangerZone";
import { NotificationSettings } from "../components/settings/NotificationSettings";
import { PasswordForm } from "../components/settings/PasswordForm";
import { ProfileForm } from "../components/settings/ProfileForm";
import { TeamInvites } from "../components/settings/TeamInvites";
import { WorkspaceForm } from "../components/settings/WorkspaceForm";
import { Webhooks } from "../components/webhooks/Webhooks";
import { href, type SettingsTab } from "../lib/router";
import { BillingPlans } from "../settings/billing-plans";

const TABS: { tab: SettingsTab; label: string }[] = [
  { tab: "profile", label: "Profile" },
  { tab: "password", label: "Password" },
  { tab: "keys", label: "API keys" },
  { tab: "workspace", label: "Workspace" },
  { tab: "team", label: "Team" },
  { tab: "notifications", label: "Notifications" },
  { tab: "webhooks", label: "Webhooks" },
  { tab: "domains", label: "Domains" },
  { tab: "billing", label: "Billing" },
  { tab: "danger", label: "Danger zone" },
];

export function SettingsView({ tab }: { tab: SettingsTab }) {
  return (
    <div className="stack narrow">
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
        {TABS.map((t) => (
          <a
            key={t.tab}
            href={href({ view: "settings", tab: t.tab })}
            aria-current={t.tab === tab ? "page" : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <SettingsPanel tab={tab} />
    </div>
  );
}

function SettingsPanel({ tab }: { tab: SettingsTab }) {
  switch (tab) {
    case "password":
      return <PasswordForm />;
    case "keys":
      return <ApiKeys />;
    case "workspace":
      return <WorkspaceForm />;
    case "team":
      return <TeamInvites />;
    case "notifications":
      return <NotificationSettings />;
    case "webhooks":
      return <Webhooks />;
    case "domains":
      return <Domains />;
    case "billing":
      return <BillingSettings plans={<BillingPlans />} />;
    case "danger":
      return <DangerZone />;
    default:
      return <ProfileForm />;
  }
}
