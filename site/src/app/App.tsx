import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useSystemSettings } from "./api/admin-queries";
import { ApiError } from "./api/client";
import { useMe, useSession, useSignOut } from "./api/queries";
import { BillingBanner } from "./components/billing/BillingBanner";
import { ErrorMessage } from "./components/ErrorMessage";
import { NotificationBell } from "./components/notifications/NotificationBell";
import { VerifyEmailNotice } from "./components/VerifyEmailNotice";
import { WorkspaceSwitcher } from "./components/WorkspaceSwitcher";
import { hashAfterAuth, href, PUBLIC_VIEWS, parseRoute, type Route, useRoute } from "./lib/router";
import { AdminView } from "./views/AdminView";
import { AuthView } from "./views/AuthView";
import { CampaignNewView } from "./views/CampaignNewView";
import { CampaignsView } from "./views/CampaignsView";
import { CampaignView } from "./views/CampaignView";
import { FacecamsView } from "./views/FacecamsView";
import { ForgotPasswordView } from "./views/ForgotPasswordView";
import { InviteView } from "./views/InviteView";
import { LeadView } from "./views/LeadView";
import { ResetPasswordView } from "./views/ResetPasswordView";
import { SettingsView } from "./views/SettingsView";
import "./app.css";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export default function App() {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Dashboard />
    </QueryClientProvider>
  );
}

function Dashboard() {
  const route = useRoute();
  const session = useSession();
  const signedIn = Boolean(session.data?.user);

  // Signed-in people have no business on the auth forms, and signed-out ones only there.
  useEffect(() => {
    if (session.isPending || session.isError) return;
    const onAuthView = route.view === "login" || route.view === "signup";
    // Read from the address itself: the route state lags a hash change by one event.
    const stillOnAuthView = ["login", "signup"].includes(parseRoute(window.location.hash).view);
    if (signedIn && onAuthView && stillOnAuthView) window.location.hash = hashAfterAuth();
  }, [signedIn, route.view, session.isPending, session.isError]);

  if (session.isPending) return <p className="boot muted">Loading…</p>;
  if (session.isError)
    return (
      <main className="boot">
        <ErrorMessage error={session.error} />
        <button type="button" className="btn" onClick={() => session.refetch()}>
          Try again
        </button>
      </main>
    );
  if (route.view === "invite") return <InviteView token={route.token} signedIn={signedIn} />;
  if (route.view === "forgot-password") return <ForgotPasswordView />;
  if (route.view === "reset-password") return <ResetPasswordView />;
  if (!signedIn || PUBLIC_VIEWS.includes(route.view))
    return <AuthView mode={route.view === "signup" ? "signup" : "login"} />;
  return <Shell route={route} />;
}

function Shell({ route }: { route: Route }) {
  const me = useMe(true);
  const signOut = useSignOut();
  // Operators get the admin screen; everyone else gets a 403 here and no link.
  const isOperator = useSystemSettings().isSuccess;
  return (
    <>
      <header className="topbar app-topbar">
        <div className="container">
          <a className="brand" href="/">
            <img src="/favicon.svg" alt="" width={28} height={28} />
            Loom-Lite
          </a>
          <nav aria-label="Dashboard">
            <a
              href={href({ view: "campaigns" })}
              aria-current={route.view.startsWith("campaign") || route.view === "lead" ? "page" : undefined}
            >
              Campaigns
            </a>
            <a
              href={href({ view: "facecams" })}
              aria-current={route.view === "facecams" ? "page" : undefined}
            >
              Facecams
            </a>
            <a
              href={href({ view: "settings", tab: "profile" })}
              aria-current={route.view === "settings" ? "page" : undefined}
            >
              Settings
            </a>
            {isOperator && (
              <a href={href({ view: "admin" })} aria-current={route.view === "admin" ? "page" : undefined}>
                Admin
              </a>
            )}
            <NotificationBell />
            {me.data && <WorkspaceSwitcher current={me.data.workspace} email={me.data.user?.email} />}
            <button
              type="button"
              className="btn secondary small"
              disabled={signOut.isPending}
              onClick={() =>
                signOut.mutate(undefined, {
                  onSettled: () => (window.location.hash = href({ view: "login" })),
                })
              }
            >
              Log out
            </button>
          </nav>
        </div>
      </header>
      <main className="container page">
        {me.data?.user && !me.data.user.emailVerified && (
          <VerifyEmailNotice
            email={me.data.user.email}
            callbackURL="/app"
            why="Until then you work in your own workspace only: joining a teammate's needs a verified address."
          />
        )}
        <BillingBanner />
        <CurrentView route={route} />
      </main>
    </>
  );
}

function CurrentView({ route }: { route: Route }) {
  switch (route.view) {
    case "campaign-new":
      return <CampaignNewView />;
    case "campaign":
      return <CampaignView key={route.id} id={route.id} />;
    case "lead":
      return <LeadView key={route.leadId} campaignId={route.campaignId} leadId={route.leadId} />;
    case "facecams":
      return <FacecamsView />;
    case "settings":
      return <SettingsView tab={route.tab} />;
    case "admin":
      return <AdminView />;
    default:
      return <CampaignsView />;
  }
}
