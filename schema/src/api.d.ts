// Generated from schema/openapi.json by `npm run openapi` (openapi-typescript); do not edit.

export interface paths {
    "/api/health/deep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * For uptime monitors: the database, the render gate, the queue and the render nodes
         * @description 503 when the database or the render gate does not answer (the gate within HEALTH_GATE_TIMEOUT_MS), or when a claimable render has waited longer than HEALTH_MAX_QUEUE_AGE_S while no render node was seen within the lease window; 200 otherwise. Public on purpose, so any uptime monitor can call it: it answers only a verdict per check, never a count, an age or a name; the numbers are behind the metrics token (GET /api/metrics). Limited per client address (deep_health_ip, 60 a minute).
         */
        get: operations["health.deep"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller and their workspace
         * @description For an API key, `user` is the user who created the key (null if that user is gone).
         */
        get: operations["me.get"];
        put?: never;
        post?: never;
        /**
         * Delete the account: the workspace, all its data and media, and the user
         * @description Only the workspace's owner, signed in. `confirm` must be the workspace's slug. The answer says what was removed.
         */
        delete: operations["me.delete"];
        options?: never;
        head?: never;
        /**
         * Change the signed-in user's name, or ask to change their email
         * @description A new email needs `currentPassword` and takes effect only when the link sent to the new address is opened; until then the account keeps its address, and the answer's `pendingEmail` names the new one.
         */
        patch: operations["me.update"];
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the signed-in user's password
         * @description Other sessions of the user are signed out unless `revokeOtherSessions` is false.
         */
        post: operations["me.changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspaces the signed-in user belongs to */
        get: operations["me.workspaces.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/workspaces/{id}/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Work in another workspace the user belongs to, in this session
         * @description Only this session moves: other browsers and tabs signed in as the same user keep working where they were. New sessions start in the workspace switched to last.
         */
        post: operations["me.workspaces.switch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current workspace: name, landing-page subdomain, plan, branding */
        get: operations["workspace.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename the workspace, change its subdomain (slug) or its branding
         * @description Changing the slug moves every landing page to the new subdomain; links already sent stop working. `branding` replaces the whole object.
         */
        patch: operations["workspace.update"];
        trace?: never;
    };
    "/api/workspace/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's members */
        get: operations["workspace.members.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspace/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member from the workspace
         * @description Owners and admins manage members; only an owner changes or removes an owner or makes someone owner; the last owner can be neither demoted nor removed. The API keys they created in this workspace are revoked.
         */
        delete: operations["workspace.members.remove"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Owners and admins manage members; only an owner changes or removes an owner or makes someone owner; the last owner can be neither demoted nor removed. Their API keys act with the new role at once.
         */
        patch: operations["workspace.members.update"];
        trace?: never;
    };
    "/api/workspace/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open invitations (not accepted, revoked or expired) */
        get: operations["workspace.invitations.list"];
        put?: never;
        /**
         * Invite a teammate by email
         * @description Sends an email with a one-time accept link (valid 7 days), also returned here as `acceptUrl` so it can be shared another way. Inviting the same address again replaces the earlier link.
         */
        post: operations["workspace.invitations.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workspace/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an open invitation; its link stops working */
        delete: operations["workspace.invitations.revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation link is for (no sign-in needed) */
        get: operations["invitations.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join the invitation's workspace as the signed-in user
         * @description The signed-in user's email must be the invited one, and verified. The workspace becomes the current workspace of this session.
         */
        post: operations["invitations.accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/dev/mailbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The local dev mailbox: the latest emails the platform wrote (no email provider is configured)
         * @description Only on a local stack (DEV_MAILBOX=on with ENVIRONMENT=development, which the dev and test stacks set); 404 elsewhere, and a production Worker refuses to run with it on. It shows reset, invitation and verification links to anyone who can reach it.
         */
        get: operations["dev.mailbox.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace's active API keys */
        get: operations["keys.list"];
        put?: never;
        /**
         * Create an API key (the key is shown once)
         * @description `role` defaults to the caller's own role (at most `admin`); a member can create `member` keys only. The key stops working when its creator leaves the workspace.
         */
        post: operations["keys.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key; it stops working at once
         * @description Owners and admins revoke any key of the workspace; members only the keys they created.
         */
        delete: operations["keys.revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace's assets, newest first */
        get: operations["assets.list"];
        put?: never;
        /**
         * Upload a facecam, logo or CSV as the raw request body
         * @description Send the file itself as the body with its Content-Type and Content-Length (at most 209715200 bytes). The content decides, not the declared type: a facecam must be a real MP4, MOV or WebM with a video track and at most 600 s long (read from its header); a logo a PNG, JPEG, GIF or WebP image (SVG is refused); a CSV plain text. The stored `contentType` is what the bytes are.
         */
        post: operations["assets.upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One asset's metadata */
        get: operations["assets.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assets/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The asset's bytes (supports Range requests) */
        get: operations["assets.content"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/facecams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The facecam library: every facecam of the workspace, newest first, with the campaigns using it */
        get: operations["facecams.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/facecams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a facecam no campaign uses, with its file */
        delete: operations["facecams.delete"];
        options?: never;
        head?: never;
        /** Rename a facecam */
        patch: operations["facecams.rename"];
        trace?: never;
    };
    "/api/campaigns/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive, restore, delete or re-render several campaigns
         * @description Every id must be a campaign of this workspace, or nothing happens (404). `delete` removes leads, renders and media, and is refused (409) while any of the campaigns is rendering. `rerender` queues a new render for every lead that has none queued or running.
         */
        post: operations["campaigns.bulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/example": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open the workspace's example campaign, making it on the first call
         * @description The example holds a demo facecam (copied into the workspace's facecams through the same checks as an upload), one scene over each lead's website with a greeting, landing texts with merge fields and a button, and three example leads whose websites are this platform's own pages (home, pricing, features), which every render node can reach. Nothing is rendered until asked; its videos count against the plan like any other. Later calls answer the same campaign (200), also after it was edited; once deleted, the next call makes a new one.
         */
        post: operations["campaigns.openExample"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List campaigns, newest first, with their figures; search by name and filter by status */
        get: operations["campaigns.list"];
        put?: never;
        /** Create a campaign from a scene spec and an uploaded facecam */
        post: operations["campaigns.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One campaign */
        get: operations["campaigns.get"];
        put?: never;
        post?: never;
        /** Delete a campaign with its leads, renders and their media */
        delete: operations["campaigns.delete"];
        options?: never;
        head?: never;
        /**
         * Rename, change the status, the scene spec or the landing page settings
         * @description `landing` and `spec` each replace the whole object. Landing settings are read when a page is served, so a change applies without re-rendering; a new spec applies to renders queued after it.
         */
        patch: operations["campaigns.update"];
        trace?: never;
    };
    "/api/campaigns/{id}/duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a campaign's video settings and landing page into a new draft campaign, without its leads
         * @description The copy is named "<name> (copy)"; rename it with `PATCH /api/campaigns/{id}`.
         */
        post: operations["campaigns.duplicate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/landing-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draw a lead's landing page with landing settings that are not saved yet
         * @description Answers the page a lead would see (the chosen `leadId`, else the campaign's first lead, else a sample lead) with the posted settings instead of the stored ones, with a placeholder where the video plays. For the campaign editor's live preview: framed by this origin only, sandboxed, never cached nor indexed. Nothing is saved.
         */
        post: operations["campaigns.previewLanding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/leads/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import leads from a CSV file, with a dry run that previews and reports problems
         * @description Send the file as `text/csv`, as `multipart/form-data` (field `file`), or as JSON (`{ "csv": "…" }`). The first non-blank row is the header. Delimiter (`,` `;` tab `|`) and a byte order mark are detected; quoted fields may hold newlines. At most 10000 rows. Each row is checked: websites normalised and validated, emails checked, fields the scenes need present, duplicates (same website or email) within the file and against the campaign's leads. Problems are reported per row number.
         */
        post: operations["leads.import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One lead with its latest render */
        get: operations["leads.get"];
        put?: never;
        post?: never;
        /** Delete a lead with its renders and their media */
        delete: operations["leads.delete"];
        options?: never;
        head?: never;
        /**
         * Change a lead: replace its fields, exclude it from the campaign
         * @description Fields are checked like new leads: fields that start a scene URL must be website addresses and are normalised. Renders queued afterwards use the new fields, and the lead's site check is out of date until it is checked again. `excluded: true` leaves the lead out of "Render all" (its videos stay); `false` takes it back.
         */
        patch: operations["leads.update"];
        trace?: never;
    };
    "/api/campaigns/{id}/leads/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the leads as CSV for outreach tools (Lemlist, Instantly, Smartlead)
         * @description Each lead's fields, then landingUrl, videoUrl, thumbnailUrl, gifUrl, renderStatus, videoNote: the public landing page and the media of its newest finished video (empty while it has none), and the state of its newest render. Use the columns as merge variables, e.g. {{landingUrl}} and {{thumbnailUrl}}.
         */
        get: operations["leads.export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a campaign's leads in the order they were added, each with its latest render
         * @description `state` keeps leads whose newest render is in that state (`none`: never rendered, `active`: held by a node); `q` searches the field values.
         */
        get: operations["leads.list"];
        put?: never;
        /**
         * Add leads to a campaign (all or nothing)
         * @description Fields that start a scene URL (`{{website}}/pricing`) must be website addresses; `example.com` is stored as `https://example.com`. One bad row rejects the whole request, naming each row and field.
         */
        post: operations["leads.add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leads/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a lead's landing page as a team member (the dashboard's links to a page)
         * @description Redirects a signed-in member to the lead's landing page with a `preview` token (valid 5 minutes, bound to the workspace, the lead and the landing host). The landing host trades it for a first-party team cookie and redirects to the page's own address without the token; events from that browser are recorded with audience `team` and never count as the prospect's. Only for people signed in to the dashboard: API keys get 403, since what an integration fetches tends to reach prospects. Never send this address to a prospect; send the lead's `landingUrl`.
         */
        get: operations["leads.preview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/renders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign's renders, newest first */
        get: operations["renders.list"];
        put?: never;
        /**
         * Queue renders for the campaign's leads
         * @description All leads of the campaign when `leadIds` is omitted. `only: unrendered` keeps leads without a finished video; `only: failed` keeps leads whose newest render failed (retry failed). Leads that already have a queued or running render are skipped; the answer lists the renders created. A draft campaign becomes active; an archived one is refused (409). With billing on, renders that do not fit in the period's remaining minutes (and the spending cap, with overage allowed) are held as `blocked_quota` with a `reason` and start by themselves when room appears; 402 when nothing may be queued at all (payment past due beyond the grace days, or videos longer than the plan allows).
         */
        post: operations["renders.enqueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/renders/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel every queued and running render of the campaign
         * @description Queued renders are cancelled at once; running ones are flagged and their nodes stop at the next heartbeat (about 2 s).
         */
        post: operations["renders.cancelAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the campaign's renders stand, with an estimate of when they will be done
         * @description Estimates come from the recent renders of this workspace (or of the platform, for a first campaign): time from claim to finish, and each running render's own pace. `etaMs` is null while no estimate is possible (no history yet, or rendering paused).
         */
        get: operations["campaigns.progress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/renders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One render: state, progress, error, artifact URLs */
        get: operations["renders.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/renders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a render
         * @description A queued render is cancelled at once. A running one is flagged: its node stops at its next heartbeat (about 2 s) and the render becomes `cancelled`.
         */
        post: operations["renders.cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/renders/{id}/artifacts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stream an artifact (video.mp4, poster.jpg, preview.gif, report.json; a site check's first-frame.jpg); Range supported */
        get: operations["renders.artifact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/site-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The contact sheet: each lead's newest site check, a page at a time
         * @description Leads in the order they were added, with the whole campaign's tally in `summary`.
         */
        get: operations["siteChecks.sheet"];
        put?: never;
        /**
         * Check the leads' sites before rendering (the contact sheet)
         * @description Queues a pre-flight check of each lead's first scene page: a render node opens it, keeps its first frame and says whether it can be filmed. Checks wait behind videos in the queue and are never billed or announced. All leads not excluded when `leadIds` is omitted. A lead whose newest check is queued, running, or done since its fields last changed is not queued again, so repeating the request is harmless. An archived campaign is refused (409).
         */
        post: operations["siteChecks.queue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/campaigns/{id}/funnel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign's funnel: sent → viewed → played → 50 % → clicked → booked */
        get: operations["analytics.funnel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leads/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What happened on one lead's page, oldest first, the team's own visits marked as such */
        get: operations["analytics.timeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/watchers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who watched: leads who opened their page since a time (default: today, UTC) */
        get: operations["analytics.watchers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Views, plays, CTA clicks and bookings per UTC day, for the workspace or one campaign */
        get: operations["analytics.daily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's webhook endpoints */
        get: operations["webhooks.list"];
        put?: never;
        /**
         * Add a webhook endpoint; the answer shows its signing secret, once
         * @description Each POST carries `Loom-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 of `<t>.<raw body>` with the endpoint's secret; compare in constant time and refuse old timestamps. Failed deliveries are retried with exponential backoff, then marked failed.
         */
        post: operations["webhooks.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: operations["webhooks.get"];
        put?: never;
        post?: never;
        /** Remove an endpoint and its delivery log */
        delete: operations["webhooks.delete"];
        options?: never;
        head?: never;
        /** Change an endpoint's URL or events */
        patch: operations["webhooks.update"];
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The endpoint's delivery log, newest first */
        get: operations["webhooks.deliveries.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed `webhook.test` event to the endpoint now
         * @description Answers the delivery as it stands after the first attempt; a failure is retried like any other.
         */
        post: operations["webhooks.test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's watch alerts, newest first
         * @description The signed-in member's own watch alerts in their current workspace; a teammate's are never shown.
         */
        get: operations["notifications.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark every alert read
         * @description The signed-in member's own watch alerts in their current workspace; a teammate's are never shown.
         */
        post: operations["notifications.markAllRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one alert read
         * @description The signed-in member's own watch alerts in their current workspace; a teammate's are never shown.
         */
        post: operations["notifications.markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the caller is e-mailed about watch alerts in this workspace
         * @description The in-app feed always has every alert. Without a choice made: every kind, one e-mail per alert.
         */
        get: operations["notifications.preferences.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change what the caller is e-mailed about watch alerts in this workspace
         * @description Send the fields to change; the others stay.
         */
        patch: operations["notifications.preferences.update"];
        trace?: never;
    };
    "/api/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's custom domains */
        get: operations["domains.list"];
        put?: never;
        /** Add a custom domain for landing pages; answers the DNS records to create */
        post: operations["domains.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/domains/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One custom domain, as last checked */
        get: operations["domains.get"];
        put?: never;
        post?: never;
        /** Remove the domain from Cloudflare and stop serving it */
        delete: operations["domains.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/domains/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the domain's status with Cloudflare now (the cron does it every minute too) */
        post: operations["domains.check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The plans on sale and what each allows (public) */
        get: operations["plans.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's plan, period, usage, limits and warning */
        get: operations["billing.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Allow overage up to a spending cap (owner only)
         * @description Overage is billed per minute at the plan's price, up to `spendingCapCents` per period (0: none). Raising the cap starts held renders that now fit.
         */
        patch: operations["billing.update"];
        trace?: never;
    };
    "/api/billing/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The renders that used the current period's minutes, newest first */
        get: operations["billing.usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leads/{id}/email-snippet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** HTML to paste into an email: the lead's GIF (or poster) linking to their landing page */
        get: operations["leads.emailSnippet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take the next render, if the gate has a permit and the queue has work */
        post: operations["nodes.claim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/renders/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report progress and extend the lease; answers whether the user cancelled */
        post: operations["nodes.renders.heartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/renders/{id}/artifacts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Upload one artifact as the raw body (Content-Length required) */
        put: operations["nodes.renders.putArtifact"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/renders/{id}/artifacts/bunny": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Announce an upload to Bunny Storage before the PUT; answers the key to put it under
         * @description The edge records the key first, so the object is deleted with its render whatever happens to the attempt. Public artifacts only (report.json goes through the edge to R2). Refused (400) when the Worker has no Bunny Storage configured, or another zone: it could never delete the object.
         */
        post: operations["nodes.renders.uploadToBunny"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/renders/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish the render (video.mp4 and poster.jpg must be uploaded); safe to repeat */
        post: operations["nodes.renders.complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/renders/{id}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the render up: cancelled, retried later with backoff, or failed for good */
        post: operations["nodes.renders.fail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an asset a held render needs (the facecam); Range supported */
        get: operations["nodes.assets.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Render nodes, when each was last seen, and the renders each holds */
        get: operations["admin.nodes.list"];
        put?: never;
        /** Register a render node; its token is shown once */
        post: operations["admin.nodes.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/contact-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What prospects sent through the storefront's contact form, newest first */
        get: operations["admin.contactRequests.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/nodes/{id}/rotate-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give a render node a new token, shown once; the old one is refused at once
         * @description Also brings a revoked node back. Restart the node with the new NODE_TOKEN; renders it held under the old token go back to the queue when their lease runs out.
         */
        post: operations["admin.nodes.rotateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/nodes/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a render node's token: every call it makes answers 401 from now on
         * @description For a node that is retired or may be compromised. Renders it holds go back to the queue when their lease runs out. Rotating the token brings the node back with a new one.
         */
        post: operations["admin.nodes.revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform settings */
        get: operations["admin.settings.get"];
        /** Change platform settings; the next claim uses them, no restart */
        put: operations["admin.settings.replace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/gate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The RenderGate's permits right now */
        get: operations["admin.gate.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/operators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users with operator rights */
        get: operations["admin.operators.list"];
        put?: never;
        /**
         * Make a user an operator
         * @description By the account's email, which must be verified. Operators register render nodes, set the global cap and read every workspace's media, so grant it sparingly. Granting twice answers 200.
         */
        post: operations["admin.operators.grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/operators/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take operator rights away from a user; their next request is refused */
        delete: operations["admin.operators.revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List stored media objects under a key prefix */
        get: operations["admin.media.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The render queue's metrics in the Prometheus text exposition format (0.0.4)
         * @description Aggregate counts of the render queue for autoscalers (scale the render fleet on queued and the oldest queued age); no workspace, lead or URL appears. Only `Authorization: Bearer <METRICS_TOKEN>` opens it: neither the admin token nor a session does, and the token opens nothing else.
         */
        get: operations["metrics.prometheus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/metrics.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The render queue's metrics as JSON (the same numbers as the Prometheus text)
         * @description Aggregate counts of the render queue for autoscalers (scale the render fleet on queued and the oldest queued age); no workspace, lead or URL appears. Only `Authorization: Bearer <METRICS_TOKEN>` opens it: neither the admin token nor a session does, and the token opens nothing else.
         */
        get: operations["metrics.json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Subscribe to a paid plan (a Stripe Checkout url), or change the live subscription's plan: upgrades at once with proration, downgrades at the end of the period */
        post: operations["billing.checkout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/billing/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A Stripe Customer Portal session: payment method, invoices, cancellation */
        post: operations["billing.portal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/billing/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's invoices from Stripe, newest first */
        get: operations["billing.invoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stripe/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe's events (signed with the endpoint's secret): each applied once, by re-reading the subscription from Stripe */
        post: operations["stripe.webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the contact / book-a-demo form to the sales team
         * @description The storefront's /contact form posts here, with or without JavaScript. A browser that accepts HTML is sent to the confirmation page (303) or gets the form back with each error beside its field (400); other clients get JSON. At most 32 KB, and a few a client an hour.
         */
        post: operations["contact.submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/try": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an 8-second sample video over a visitor's website (the storefront's "try it")
         * @description Queues a sample in the platform's own workspace: the real render fleet films the site's home page for 8 s with a demo facecam, at the queue's lowest priority and under its own small cap (TRY_IT_CONCURRENCY). The address is checked like any page the platform films: http(s), a public host name, no IP address, no local or internal name. Three samples an address an hour; samples and their media are deleted after 24 hours. A browser that accepts HTML is sent to the try page (303).
         */
        post: operations["tryIt.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/try/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sample's progress: its first frame as soon as there is one, then the video */
        get: operations["tryIt.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/try/{id}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sample's first frame, video or poster (with Range) */
        get: operations["tryIt.media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sign-up/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (and its workspace), signed in at once; a link to verify the email is sent to it */
        post: operations["auth.signUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sign-in/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password */
        post: operations["auth.signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the session */
        post: operations["auth.signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/request-password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a password reset link (to the outbox and dev mailbox when no provider is configured); answers the same whether or not the account exists */
        post: operations["auth.requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/send-verification-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the email verification link again (signed in: to the session's own unverified address); answers the same whether or not the account exists */
        post: operations["auth.sendVerificationEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the token from the reset link; signs out every session */
        post: operations["auth.resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The emailed verification link: confirms the address (or applies a requested email change), signs the browser in and redirects to callbackURL */
        get: operations["auth.verifyEmail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/get-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current session, or null */
        get: operations["auth.getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @enum {string} */
                code: "BAD_REQUEST" | "UNAUTHORIZED" | "PAYMENT_REQUIRED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED" | "INTERNAL";
                message: string;
                requestId: string;
            };
        };
        DeepHealth: {
            /** @enum {string} */
            status: "ok" | "degraded";
            checks: {
                /** @enum {string} */
                database: "ok" | "unreachable";
                /** @enum {string} */
                gate: "ok" | "unreachable";
                /** @enum {string} */
                queue: "ok" | "stalled" | "unknown";
                /** @enum {string} */
                nodes: "ok" | "none" | "unknown";
            };
        };
        Me: {
            user: {
                id: string;
                name: string;
                email: string;
                /** @description Whether the address was confirmed by the link sent to it; unverified accounts cannot accept invitations or be operators */
                emailVerified: boolean;
            } | null;
            workspace: {
                id: string;
                name: string;
                slug: string;
            };
            /**
             * @description The user's role; for an API key, the role it acts with now (the lower of its scope and its creator's role)
             * @enum {string|null}
             */
            role: "owner" | "admin" | "member" | null;
            /** @enum {string} */
            via: "session" | "api_key";
        };
        AccountDeletion: {
            workspace: {
                id: string;
                slug: string;
            };
            removed: {
                campaigns: number;
                leads: number;
                renders: number;
                assets: number;
                apiKeys: number;
                memberships: number;
                invitations: number;
                emails: number;
                mediaFiles: number;
                /** @description Media files still queued for deletion (a store did not answer); deleted by a retried job. Present only when some are */
                mediaFilesPending?: number;
            };
            userDeleted: boolean;
        };
        WorkspaceChoice: {
            id: string;
            name: string;
            slug: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member";
            current: boolean;
        };
        Workspace: {
            id: string;
            name: string;
            /** @description Landing pages live on <slug>.<LANDING_DOMAIN> */
            slug: string;
            plan: string;
            renderConcurrency: number;
            branding: {
                logoAssetId?: string;
                primaryColor?: string;
                backgroundColor?: string;
            };
            /** @example https://acme.loom-lite.example */
            landingBaseUrl: string;
            createdAt: string;
        };
        Member: {
            userId: string;
            name: string;
            email: string;
            /** @enum {string} */
            role: "owner" | "admin" | "member";
            joinedAt: string;
        };
        Invitation: {
            id: string;
            email: string;
            /** @enum {string} */
            role: "admin" | "member";
            expiresAt: string;
            createdAt: string;
        };
        CreatedApiKey: {
            id: string;
            name: string;
            prefix: string;
            /**
             * @description What the key may do: `admin` (manage the workspace, like an admin) or `member`. At use it acts with the lower of this and its creator's current role; owner-only actions need a signed-in owner.
             * @enum {string}
             */
            role: "admin" | "member";
            /** @description The whole key; shown only in this answer */
            key: string;
        };
        ApiKey: {
            id: string;
            name: string;
            /** @example ll_live_4fJ9 */
            prefix: string;
            /**
             * @description What the key may do: `admin` (manage the workspace, like an admin) or `member`. At use it acts with the lower of this and its creator's current role; owner-only actions need a signed-in owner.
             * @enum {string}
             */
            role: "admin" | "member";
            /** @description The user who created it; null once deleted */
            createdBy: string | null;
            lastUsedAt: string | null;
            createdAt: string;
        };
        Asset: {
            /** @example ast_4fJ9a0b1c2d3e4f5 */
            id: string;
            /** @enum {string} */
            kind: "facecam" | "logo" | "photo" | "csv";
            /** @example Intro, December */
            name: string | null;
            bytes: number;
            contentType: string;
            /** @description A facecam's length in milliseconds, read from the file at upload; null for other kinds */
            durationMs: number | null;
            createdAt: string;
        };
        Facecam: components["schemas"]["Asset"] & {
            /** @description Campaigns that render with this facecam; it can be deleted only when empty */
            usedBy: {
                id: string;
                name: string;
            }[];
        };
        CampaignBulkResult: {
            /** @enum {string} */
            action: "archive" | "restore" | "delete" | "rerender";
            ids: string[];
            queued: number;
            mediaFilesDeleted: number;
            /** @description Media files still queued for deletion; present only when some are */
            mediaFilesPending?: number;
        };
        Campaign: {
            /** @example cmp_4fJ9a0b1c2d3e4f5 */
            id: string;
            name: string;
            /** @enum {string} */
            status: "draft" | "active" | "archived";
            spec: {
                facecam: string;
                /**
                 * @default {
                 *       "shape": "circle",
                 *       "position": "bottom-left",
                 *       "size": 0.28
                 *     }
                 */
                bubble: {
                    /**
                     * @default circle
                     * @enum {string}
                     */
                    shape: "circle" | "rounded" | "portrait";
                    /**
                     * @default bottom-left
                     * @enum {string}
                     */
                    position: "bottom-left" | "bottom-right" | "top-left" | "top-right";
                    /** @default 0.28 */
                    size: number;
                    border?: {
                        color: string;
                        width: number;
                    };
                };
                /**
                 * @default {
                 *       "width": 1280,
                 *       "height": 720,
                 *       "fps": 30
                 *     }
                 */
                output: {
                    /** @default 1280 */
                    width: 1280 | 1920;
                    /** @default 720 */
                    height: 720 | 1080;
                    /**
                     * @default 30
                     * @enum {number}
                     */
                    fps: 30;
                };
                scenes: {
                    url: string;
                    seconds?: number;
                    /** @default [] */
                    actions: ({
                        /** @enum {string} */
                        type: "scroll";
                        to?: string;
                        by?: number;
                        seconds?: number;
                    } | {
                        /** @enum {string} */
                        type: "hover";
                        selector: string;
                        seconds?: number;
                    } | {
                        /** @enum {string} */
                        type: "click";
                        selector: string;
                        seconds?: number;
                    } | {
                        /** @enum {string} */
                        type: "highlight";
                        selector: string;
                        seconds?: number;
                    } | {
                        /** @enum {string} */
                        type: "wait";
                        seconds: number;
                    })[];
                    /** @default [] */
                    overlays: {
                        text: string;
                        /** @default 0 */
                        at: number;
                        until?: number;
                    }[];
                }[];
                /** @enum {string} */
                length?: "facecam" | "scenes";
                /**
                 * @default reject
                 * @enum {string}
                 */
                onUnusable: "fallback" | "reject";
                /**
                 * @default share
                 * @enum {string}
                 */
                fallbackVideos: "share" | "hold";
                /** Format: uri */
                fallbackUrl?: string;
            };
            landing: {
                headline?: string;
                message?: string;
                ctaLabel?: string;
                ctaUrl?: string;
                calendarUrl?: string;
                logoAssetId?: string;
                primaryColor?: string;
                backgroundColor?: string;
                repPhotoAssetId?: string;
                repName?: string;
                repTitle?: string;
                /** Format: email */
                replyEmail?: string;
            };
            figures: components["schemas"]["CampaignFigures"];
            /**
             * @description The merge fields the campaign's leads carry (normalised); empty while it has no leads
             * @example [
             *       "company",
             *       "first_name",
             *       "website"
             *     ]
             */
            leadColumns: string[];
            /** @description When the spec last changed what the videos show (a rename or the export policy does not count); null while it is the spec the campaign was created with */
            specUpdatedAt: string | null;
            /** @description The platform's example campaign (`POST /api/campaigns/example`), not one the workspace made; its copies are ordinary campaigns */
            example: boolean;
            createdAt: string;
            updatedAt: string;
        };
        CampaignFigures: {
            leads: number;
            /** @description Leads with a finished video */
            rendered: number;
            /** @description Leads whose newest render failed */
            failed: number;
            /** @description Leads whose newest render is queued or running */
            rendering: number;
            /** @description Landing page views recorded by the pages' beacons; link-preview bots and mail scanners are not counted */
            views: number;
            /** @description Leads whose newest render is held (`blocked_quota`) until the workspace has minutes */
            held: number;
            /** @description Seconds of finished video the campaign's renders used (the usage ledger, every period) */
            usedSeconds: number;
            /** @description Leads whose video was made before the spec last changed (see `specUpdatedAt`), with no newer video and none on its way */
            outdated: number;
        };
        LeadImportReport: {
            dryRun: boolean;
            /** @enum {string} */
            mode: "all_or_nothing" | "valid_rows";
            delimiter: string;
            columns: {
                header: string;
                field: string | null;
                guessed: boolean;
            }[];
            totalRows: number;
            validRows: number;
            invalidRows: number;
            imported: number;
            errors: {
                /** @description Row number in the file; the header is row 1 */
                row: number;
                field: string | null;
                /** @enum {string} */
                code: "parse" | "invalid_url" | "invalid_email" | "missing_field" | "duplicate_in_file" | "duplicate_existing";
                message: string;
            }[];
            preview: {
                row: number;
                fields: {
                    [key: string]: string;
                };
            }[];
        };
        LeadWithRender: components["schemas"]["Lead"] & {
            render: components["schemas"]["LeadRender"];
        };
        LeadRender: {
            id: string;
            /** @enum {string} */
            state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
            progress: number;
            stage: string | null;
            /** @description Why it failed, in words a user can act on */
            error: string | null;
            errorCode: string | null;
            /** @description Scenes the campaign's fallback page stood in for, because the lead's page could not be used: the video is delivered, but not of the lead's own site. Empty for a video of the lead's site. */
            fallbacks: {
                scene: number;
                url: string;
                reason: string;
            }[];
            /** @description Artifact name → URL (video.mp4, poster.jpg, preview.gif) */
            artifacts: {
                [key: string]: string;
            };
            finishedAt: string | null;
        } | null;
        Lead: {
            /** @example ld_4fJ9a0b1c2d3e4f5 */
            id: string;
            slug: string;
            fields: {
                [key: string]: string;
            };
            /** @description Left out of "Render all" (from the contact sheet) */
            excluded: boolean;
            /** @description The lead's landing page */
            landingUrl: string;
            createdAt: string;
        };
        EnqueuedRender: {
            id: string;
            leadId: string;
            /** @enum {string} */
            state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
            /** @description Why a render is held (`blocked_quota`): the limit, the usage and the way out; null when queued */
            reason: string | null;
        };
        CampaignProgress: {
            leads: number;
            states: {
                none: number;
                /** @description Queued, or held until the workspace has minutes */
                queued: number;
                active: number;
                done: number;
                failed: number;
                cancelled: number;
            };
            rendered: number;
            fraction: number;
            averageRenderMs: number | null;
            slots: number;
            etaMs: number | null;
            pending: {
                renderId: string;
                leadId: string;
                /** @enum {string} */
                state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
                progress: number;
                etaMs: number | null;
            }[];
        };
        Render: {
            /** @example rnd_4fJ9a0b1c2d3e4f5 */
            id: string;
            leadId: string;
            campaignId: string;
            /**
             * @description video: the lead's video; preflight: a site check (first frame only); sample: a try-it sample
             * @enum {string}
             */
            kind: "video" | "preflight" | "sample";
            /** @enum {string} */
            state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
            /**
             * @description The node's stage while active
             * @enum {string|null}
             */
            stage: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota" | null;
            /** @description 0..1 */
            progress: number;
            attempts: number;
            maxAttempts: number;
            cancelRequested: boolean;
            /** @description Why the last attempt failed, in words a user can act on */
            error: string | null;
            errorCode: string | null;
            /** @description Scenes the campaign's fallback page stood in for, because the lead's page could not be used: the video is delivered, but not of the lead's own site. Empty for a video of the lead's site. */
            fallbacks: {
                scene: number;
                url: string;
                reason: string;
            }[];
            /**
             * @description Artifact name → URL
             * @example {
             *       "video.mp4": "/api/renders/rnd_…/artifacts/video.mp4"
             *     }
             */
            artifacts: {
                [key: string]: string;
            };
            durationMs: number | null;
            timings: {
                [key: string]: number;
            } | null;
            createdAt: string;
            /** @description Not started before this instant (retry backoff) */
            runAfter: string;
            claimedAt: string | null;
            finishedAt: string | null;
        };
        SiteCheckLead: {
            /** @example ld_4fJ9a0b1c2d3e4f5 */
            id: string;
            fields: {
                [key: string]: string;
            };
            /** @description Left out of "Render all" */
            excluded: boolean;
            check: components["schemas"]["SiteCheck"];
            /** @description The lead's fields changed after its newest check */
            stale: boolean;
        };
        /** @description The newest check; null when never checked */
        SiteCheck: {
            /** @example rnd_4fJ9a0b1c2d3e4f5 */
            id: string;
            /** @enum {string} */
            state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
            /**
             * @description usable: the video will show the lead's site; walled: a bot wall or login is in the way; broken: unreachable, an error page or blank; fallback: unusable, so the campaign's fallback page would be filmed. Null until the check is done.
             * @enum {string|null}
             */
            verdict: "usable" | "walled" | "broken" | "fallback" | null;
            /** @description Why the site cannot be used, or why the check failed */
            reason: string | null;
            /** @description The page that was checked */
            url: string | null;
            /** @description The page's first frame (JPEG), when it showed anything */
            frameUrl: string | null;
            finishedAt: string | null;
        } | null;
        SiteCheckSummary: {
            leads: number;
            excluded: number;
            /** @description Leads whose newest check is queued or running */
            pending: number;
            /** @description Checks that could not run */
            failed: number;
            verdicts: {
                usable?: number;
                walled?: number;
                broken?: number;
                fallback?: number;
            };
        };
        /** @description Distinct leads at each step; bots are never counted */
        CampaignFunnel: {
            leads: number;
            /** @description Leads with a finished video (a link to send) */
            sent: number;
            viewed: number;
            played: number;
            /** @description Leads who watched at least 50 % */
            watchedHalf: number;
            clicked: number;
            booked: number;
        };
        LeadEvent: {
            /** @enum {string} */
            type: "view" | "play" | "progress" | "cta_click" | "booked";
            /**
             * @description `team`: a member of the workspace opened the page from the dashboard (its preview link); such events never count as the prospect's in the funnel, figures or webhooks
             * @enum {string}
             */
            audience: "prospect" | "team";
            /** @description For progress: 25, 50, 75 or 100 */
            percent: number | null;
            visitId: string | null;
            occurredAt: string;
        };
        Watcher: {
            leadId: string;
            campaignId: string;
            slug: string;
            fields: {
                [key: string]: string;
            };
            firstSeenAt: string;
            lastSeenAt: string;
            played: boolean;
            maxPercent: number;
            clicked: boolean;
            booked: boolean;
        };
        DayCounts: {
            /** @example 2026-11-27 */
            date: string;
            views: number;
            plays: number;
            clicks: number;
            booked: number;
        };
        Webhook: {
            /** @example whk_4fJ9a0b1c2d3e4f5 */
            id: string;
            url: string;
            events: ("render.completed" | "render.failed" | "lead.viewed" | "lead.played" | "lead.cta_clicked" | "lead.booked")[];
            createdAt: string;
        };
        WebhookDelivery: {
            /** @example whd_4fJ9a0b1c2d3e4f5 */
            id: string;
            event: string;
            /** @enum {string} */
            state: "pending" | "succeeded" | "failed";
            attempts: number;
            /** @description HTTP status of the last attempt */
            lastStatus: number | null;
            lastError: string | null;
            /** @description When the next retry is due, while pending */
            nextAttemptAt: string | null;
            createdAt: string;
            deliveredAt: string | null;
            /** @description The exact JSON body sent (and signed) */
            body: string;
        };
        Notification: {
            /** @example ntf_42 */
            id: string;
            /**
             * @description `opened`: the lead opened the page; `watched_half`: played past half of the video; `clicked`: clicked the call to action
             * @enum {string}
             */
            kind: "opened" | "watched_half" | "clicked";
            leadId: string;
            campaignId: string;
            /** @description From the lead's fields (first and last name, name or email); may be empty */
            leadName: string;
            /** @description The lead's `company` field; may be empty */
            company: string;
            campaignName: string;
            createdAt: string;
            readAt: string | null;
        };
        NotificationPreferences: {
            /** @description E-mail when a lead opens the page */
            emailOpened: boolean;
            /** @description E-mail when a lead plays past half of the video */
            emailWatchedHalf: boolean;
            /** @description E-mail when a lead clicks the call to action */
            emailClicked: boolean;
            /** @description Instead of an e-mail per alert, one e-mail a day listing the day's alerts of the kinds above */
            dailyDigest: boolean;
        };
        CustomDomain: {
            /** @example dom_4fJ9a0b1c2d3e4f5 */
            id: string;
            /** @example video.customer.com */
            hostname: string;
            /** @description Cloudflare's status; pages are served only when `active` */
            status: string;
            sslStatus: string | null;
            dnsRecords: components["schemas"]["DnsRecord"][];
            checkedAt: string | null;
            createdAt: string;
        };
        DnsRecord: {
            /** @enum {string} */
            type: "CNAME" | "TXT";
            name: string;
            value: string;
            /** @enum {string} */
            purpose: "routing" | "ownership" | "certificate";
        };
        Plan: {
            /** @enum {string} */
            id: "trial" | "free" | "starter" | "growth" | "team";
            name: string;
            tagline: string;
            /** @description US cents per interval; null where nothing is sold (Trial) */
            priceCents: {
                monthly: number;
                yearly: number;
            } | null;
            includedMinutes: number;
            overageCentsPerMinute: number | null;
            seats: number;
            customDomains: number;
            rendersAtOnce: number;
            maxVideoSeconds: number;
            loomLiteBranding: boolean;
        };
        Billing: {
            /** @description False when the installation has no Stripe settings: every workspace is unlimited */
            enabled: boolean;
            plan: components["schemas"]["Plan"];
            /** @description The Stripe subscription's status, if any */
            status: string | null;
            cancelAtPeriodEnd: boolean;
            trialDaysLeft: number | null;
            /** @description Why new renders are refused (payment past due beyond grace), or null */
            blocked: string | null;
            period: {
                start: string;
                end: string;
            };
            usage: {
                usedSeconds: number;
                /** @description Held by queued and running renders */
                reservedSeconds: number;
                includedSeconds: number;
                /** @description What new renders may still use, overage within the cap included */
                remainingSeconds: number;
                overageSeconds: number;
            };
            overage: {
                /** @description The plan sells minutes beyond the included ones */
                available: boolean;
                enabled: boolean;
                spendingCapCents: number;
                centsPerMinute: number | null;
            };
            /** @description The 80 % / 100 % banner for the period, or null */
            warning: {
                percent: number;
                message: string;
            } | null;
        };
        UsageRow: {
            id: string;
            renderId: string;
            campaignId: string;
            /** @description Null once the campaign is deleted */
            campaignName: string | null;
            videoSeconds: number;
            overageSeconds: number;
            /** @description A fallback video (the lead's site was unusable) */
            fallback: boolean;
            createdAt: string;
        };
        EmailSnippet: {
            landingUrl: string;
            /** @description null until the video is rendered */
            imageUrl: string | null;
            html: string;
            text: string;
        };
        RenderNodeToken: {
            id: string;
            name: string;
            capacity: number;
            /** @description `ll_node_…`; shown only in this answer */
            token: string;
        };
        RenderNode: {
            id: string;
            name: string;
            tokenPrefix: string;
            capacity: number;
            version: string | null;
            lastSeenAt: string | null;
            /** @description When its token was revoked; every call it makes is refused since */
            revokedAt: string | null;
            createdAt: string;
            renders: {
                id: string;
                workspaceId: string;
                state: string;
                progress: number;
            }[];
        };
        ContactRequestView: {
            id: string;
            name: string;
            email: string;
            company: string;
            /** @enum {string} */
            teamSize: "1" | "2-10" | "11-50" | "51-200" | "200+";
            /** @enum {string} */
            topic: "demo" | "pricing" | "agency" | "security" | "other";
            message: string;
            createdAt: string;
        };
        SystemSettings: {
            /**
             * @description Renders allowed at once across every node; 0 pauses rendering
             * @example 4
             */
            globalRenderCap: number;
        };
        Operator: {
            userId: string;
            name: string;
            email: string;
            /** @description Email of the operator who granted it; null for the admin token */
            grantedBy: string | null;
            grantedAt: string;
        };
        FleetMetrics: {
            /** @description By job kind */
            queued: {
                video: number;
                preflight: number;
                sample: number;
            };
            queuedTotal: number;
            /** @description By job kind */
            running: {
                video: number;
                preflight: number;
                sample: number;
            };
            runningTotal: number;
            /** @description Seconds the longest-waiting claimable render has waited; 0 when none waits */
            oldestQueuedAgeSeconds: number;
            /** @description Render nodes seen within the lease window */
            nodesAlive: number;
        };
        CheckoutResult: {
            /**
             * @description `checkout`: open `url` (Stripe Checkout) to subscribe; `upgraded`: the live subscription moved to the plan now, the difference invoiced; `downgrade_scheduled`: the plan changes at `at`, the end of the paid period; `unchanged`: already on that plan (a pending downgrade is cancelled)
             * @enum {string}
             */
            kind: "checkout" | "upgraded" | "downgrade_scheduled" | "unchanged";
            /** @description Stripe Checkout's page (kind `checkout`) */
            url?: string;
            /** @enum {string} */
            plan?: "starter" | "growth" | "team";
            /** @enum {string} */
            interval?: "monthly" | "yearly";
            /** @description When a scheduled downgrade applies */
            at?: string;
        };
        CheckoutRequest: {
            /**
             * @example growth
             * @enum {string}
             */
            plan: "starter" | "growth" | "team";
            /**
             * @example monthly
             * @enum {string}
             */
            interval: "monthly" | "yearly";
        };
        PortalSession: {
            url: string;
        };
        Invoice: {
            /** @example in_1Px2abc */
            id: string;
            number: string | null;
            /** @description draft, open, paid, uncollectible or void */
            status: string | null;
            /** @description In cents */
            amountDue: number;
            /** @description In cents */
            amountPaid: number;
            /** @example usd */
            currency: string;
            createdAt: string;
            periodStart: string;
            periodEnd: string;
            hostedInvoiceUrl: string | null;
            invoicePdf: string | null;
        };
        ContactRequest: {
            name: string;
            email: string;
            company: string;
            /** @enum {string} */
            teamSize: "1" | "2-10" | "11-50" | "51-200" | "200+";
            /**
             * @default demo
             * @enum {string}
             */
            topic: "demo" | "pricing" | "agency" | "security" | "other";
            /** @default  */
            message: string;
            /** @description Leave empty: the form hides it from people; a filled one is dropped */
            nickname?: string;
        };
        TrySampleRequest: {
            /**
             * @description The visitor's website, e.g. example.com
             * @example crumb-and-co.com
             */
            website: string;
            /** @description Leave empty: the form hides it from people; a filled one is dropped */
            nickname?: string;
        };
        TrySample: {
            /** @example rnd_4fJ9a0b1c2d3e4f5 */
            id: string;
            /** @enum {string} */
            state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
            /** @description 0..1 over the whole render */
            progress: number;
            /** @description The page being filmed */
            website: string;
            /** @description The page's first frame (JPEG), as soon as the render node has it */
            firstFrameUrl: string | null;
            /** @description The 8-second sample (MP4), once done */
            videoUrl: string | null;
            posterUrl: string | null;
            /** @description Why there is no video */
            error: string | null;
            /** @description Samples queued before this one */
            ahead: number;
            /** @description When the sample and its media are deleted */
            expiresAt: string;
        };
        AuthUser: {
            id: string;
            name: string;
            email: string;
            /** @description Confirmed by the emailed link */
            emailVerified: boolean;
        };
        Session: {
            user: components["schemas"]["AuthUser"];
            session: {
                id: string;
                expiresAt: string;
            };
        } | null;
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "health.deep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeepHealth"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Degraded */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeepHealth"];
                };
            };
        };
    };
    "me.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me.delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    confirm: string;
                };
            };
        };
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountDeletion"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user (API keys cannot), or the owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** Format: email */
                    email?: string;
                    currentPassword?: string;
                };
            };
        };
        responses: {
            /** @description Updated; `pendingEmail` is set when a verification link went to a new address */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"] & {
                        pendingEmail: string | null;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user (API keys cannot), or the owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another account uses that email */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me.changePassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                    /** @default true */
                    revokeOtherSessions?: boolean;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        changed: true;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user (API keys cannot), or the owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me.workspaces.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workspaces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workspaces: components["schemas"]["WorkspaceChoice"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user (API keys cannot), or the owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "me.workspaces.switch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switched */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workspaceId: string;
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user (API keys cannot), or the owner */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The workspace */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    slug?: string;
                    branding?: {
                        logoAssetId?: string;
                        primaryColor?: string;
                        backgroundColor?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the owner or an admin (or an API key) may do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The slug is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.members.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Members, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        members: components["schemas"]["Member"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.members.remove": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed by the rules above */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The workspace's last owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.members.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "owner" | "admin" | "member";
                };
            };
        };
        responses: {
            /** @description The member with the new role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed by the rules above */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The workspace's last owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.invitations.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invitations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        invitations: components["schemas"]["Invitation"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.invitations.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /**
                     * @default member
                     * @enum {string}
                     */
                    role?: "admin" | "member";
                };
            };
        };
        responses: {
            /** @description Invited */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Invitation"] & {
                        acceptUrl: string;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The plan's seats are taken (members and pending invitations); the message names the way out */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the owner or an admin (or an API key) may do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already a member */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "workspace.invitations.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the owner or an admin (or an API key) may do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "invitations.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invitation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workspaceName: string;
                        email: string;
                        /** @enum {string} */
                        role: "admin" | "member";
                        invitedBy: string | null;
                        /** @enum {string} */
                        status: "pending" | "accepted" | "revoked" | "expired";
                        expiresAt: string;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "invitations.accept": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Joined */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        workspaceId: string;
                        name: string;
                        slug: string;
                        /** @enum {string} */
                        role: "admin" | "member";
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The workspace's plan has no seat left for another member */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in with another email or an unverified one, or with an API key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already accepted, revoked or expired */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "dev.mailbox.list": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emails, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        emails: {
                            id: string;
                            /** @enum {string} */
                            kind: "invitation" | "password_reset" | "email_verification" | "email_change" | "usage_warning" | "payment_failed" | "watch_alert" | "watch_digest" | "sales_inquiry";
                            to: string;
                            subject: string;
                            text: string;
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "keys.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active keys, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "keys.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    role?: "admin" | "member";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A scope above the caller's role, or another person's key revoked by a member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "keys.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A scope above the caller's role, or another person's key revoked by a member */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "assets.list": {
        parameters: {
            query?: {
                kind?: "facecam" | "logo" | "photo" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Assets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        assets: components["schemas"]["Asset"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "assets.upload": {
        parameters: {
            query: {
                kind: "facecam" | "logo" | "photo" | "csv";
                /** @description What to call it in the facecam library */
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "video/mp4": string;
                "video/webm": string;
                "video/quicktime": string;
                "video/x-matroska": string;
                "image/png": string;
                "image/jpeg": string;
                "image/webp": string;
                "image/gif": string;
                "text/csv": string;
                "text/plain": string;
                "application/csv": string;
                "application/vnd.ms-excel": string;
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "assets.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "assets.content": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "facecams.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Facecams */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        facecams: components["schemas"]["Facecam"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "facecams.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Campaigns still use it; the message names them */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "facecams.rename": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example Intro, December */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Renamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Facecam"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "archive" | "restore" | "delete" | "rerender";
                    ids: string[];
                };
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignBulkResult"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Renders are in progress, or a campaign is archived */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.openExample": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The example campaign, made earlier */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description The example campaign, made now */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Part of the name, any case */
                q?: string;
                status?: "draft" | "active" | "archived";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of campaigns */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        campaigns: components["schemas"]["Campaign"][];
                        nextCursor: string | null;
                        /** @description Campaigns matching q and status */
                        total: number;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    spec: {
                        facecam: string;
                        /**
                         * @default {
                         *       "shape": "circle",
                         *       "position": "bottom-left",
                         *       "size": 0.28
                         *     }
                         */
                        bubble?: {
                            /**
                             * @default circle
                             * @enum {string}
                             */
                            shape?: "circle" | "rounded" | "portrait";
                            /**
                             * @default bottom-left
                             * @enum {string}
                             */
                            position?: "bottom-left" | "bottom-right" | "top-left" | "top-right";
                            /** @default 0.28 */
                            size?: number;
                            border?: {
                                color: string;
                                width: number;
                            };
                        };
                        /**
                         * @default {
                         *       "width": 1280,
                         *       "height": 720,
                         *       "fps": 30
                         *     }
                         */
                        output?: {
                            /** @default 1280 */
                            width?: 1280 | 1920;
                            /** @default 720 */
                            height?: 720 | 1080;
                            /**
                             * @default 30
                             * @enum {number}
                             */
                            fps?: 30;
                        };
                        scenes: {
                            url: string;
                            seconds?: number;
                            /** @default [] */
                            actions?: ({
                                /** @enum {string} */
                                type: "scroll";
                                to?: string;
                                by?: number;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "hover";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "click";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "highlight";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "wait";
                                seconds: number;
                            })[];
                            /** @default [] */
                            overlays?: {
                                text: string;
                                /** @default 0 */
                                at?: number;
                                until?: number;
                            }[];
                        }[];
                        /** @enum {string} */
                        length?: "facecam" | "scenes";
                        /**
                         * @default reject
                         * @enum {string}
                         */
                        onUnusable?: "fallback" | "reject";
                        /**
                         * @default share
                         * @enum {string}
                         */
                        fallbackVideos?: "share" | "hold";
                        /** Format: uri */
                        fallbackUrl?: string;
                    };
                    landing?: {
                        headline?: string;
                        message?: string;
                        ctaLabel?: string;
                        ctaUrl?: string;
                        calendarUrl?: string;
                        logoAssetId?: string;
                        primaryColor?: string;
                        backgroundColor?: string;
                        repPhotoAssetId?: string;
                        repName?: string;
                        repTitle?: string;
                        /** Format: email */
                        replyEmail?: string;
                    };
                    /**
                     * @description Merge fields the leads will carry beyond the standard columns (website, first_name, last_name, name, email, company, title, phone, linkedin_url, city, country). Every merge field the scenes and landing texts name must be a column of the campaign's leads or, before it has leads, a standard or declared column.
                     * @example [
                     *       "favourite_dish"
                     *     ]
                     */
                    columns?: string[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Renders of the campaign are in progress */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    status?: "draft" | "active" | "archived";
                    landing?: {
                        headline?: string;
                        message?: string;
                        ctaLabel?: string;
                        ctaUrl?: string;
                        calendarUrl?: string;
                        logoAssetId?: string;
                        primaryColor?: string;
                        backgroundColor?: string;
                        repPhotoAssetId?: string;
                        repName?: string;
                        repTitle?: string;
                        /** Format: email */
                        replyEmail?: string;
                    };
                    spec?: {
                        facecam: string;
                        /**
                         * @default {
                         *       "shape": "circle",
                         *       "position": "bottom-left",
                         *       "size": 0.28
                         *     }
                         */
                        bubble?: {
                            /**
                             * @default circle
                             * @enum {string}
                             */
                            shape?: "circle" | "rounded" | "portrait";
                            /**
                             * @default bottom-left
                             * @enum {string}
                             */
                            position?: "bottom-left" | "bottom-right" | "top-left" | "top-right";
                            /** @default 0.28 */
                            size?: number;
                            border?: {
                                color: string;
                                width: number;
                            };
                        };
                        /**
                         * @default {
                         *       "width": 1280,
                         *       "height": 720,
                         *       "fps": 30
                         *     }
                         */
                        output?: {
                            /** @default 1280 */
                            width?: 1280 | 1920;
                            /** @default 720 */
                            height?: 720 | 1080;
                            /**
                             * @default 30
                             * @enum {number}
                             */
                            fps?: 30;
                        };
                        scenes: {
                            url: string;
                            seconds?: number;
                            /** @default [] */
                            actions?: ({
                                /** @enum {string} */
                                type: "scroll";
                                to?: string;
                                by?: number;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "hover";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "click";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "highlight";
                                selector: string;
                                seconds?: number;
                            } | {
                                /** @enum {string} */
                                type: "wait";
                                seconds: number;
                            })[];
                            /** @default [] */
                            overlays?: {
                                text: string;
                                /** @default 0 */
                                at?: number;
                                until?: number;
                            }[];
                        }[];
                        /** @enum {string} */
                        length?: "facecam" | "scenes";
                        /**
                         * @default reject
                         * @enum {string}
                         */
                        onUnusable?: "fallback" | "reject";
                        /**
                         * @default share
                         * @enum {string}
                         */
                        fallbackVideos?: "share" | "hold";
                        /** Format: uri */
                        fallbackUrl?: string;
                    };
                    /**
                     * @description Merge fields the leads will carry beyond the standard columns (website, first_name, last_name, name, email, company, title, phone, linkedin_url, city, country). Every merge field the scenes and landing texts name must be a column of the campaign's leads or, before it has leads, a standard or declared column.
                     * @example [
                     *       "favourite_dish"
                     *     ]
                     */
                    columns?: string[];
                };
            };
        };
        responses: {
            /** @description The updated campaign */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.previewLanding": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    headline?: string;
                    message?: string;
                    ctaLabel?: string;
                    ctaUrl?: string;
                    calendarUrl?: string;
                    logoAssetId?: string;
                    primaryColor?: string;
                    backgroundColor?: string;
                    repPhotoAssetId?: string;
                    repName?: string;
                    repTitle?: string;
                    /** Format: email */
                    replyEmail?: string;
                    leadId?: string;
                };
            };
        };
        responses: {
            /** @description The page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.import": {
        parameters: {
            query?: {
                /** @description Check and preview only; nothing is imported */
                dryRun?: "0" | "1" | "true" | "false";
                /** @description `all_or_nothing` (default): any bad row refuses the file. `valid_rows`: import the good rows */
                mode?: "all_or_nothing" | "valid_rows";
                /** @description The mapping as a JSON object (for text/csv and multipart bodies) */
                mapping?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    csv: string;
                    dryRun?: boolean;
                    /** @enum {string} */
                    mode?: "all_or_nothing" | "valid_rows";
                    /**
                     * @description CSV header → merge field (null ignores the column). Headers left out are guessed: Website/URL/Domain → website, First Name → first_name, Email → email, Company → company, …
                     * @example {
                     *       "Company Domain": "website",
                     *       "Notes": null
                     *     }
                     */
                    mapping?: {
                        [key: string]: string | null;
                    };
                };
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The CSV file
                     */
                    file?: string;
                    dryRun?: string;
                    mode?: string;
                    mapping?: string;
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description Dry run report, or what was imported */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadImportReport"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lead */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadWithRender"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        mediaFilesDeleted: number;
                        /** @description Media files still queued for deletion; present only when some are */
                        mediaFilesPending?: number;
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lead is being rendered; cancel first */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @example {
                     *       "first_name": "Ada",
                     *       "website": "example.com"
                     *     }
                     */
                    fields?: {
                        [key: string]: string;
                    };
                    excluded?: boolean;
                };
            };
        };
        responses: {
            /** @description The updated lead */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeadWithRender"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.export": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description CSV file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                state?: "none" | "queued" | "active" | "done" | "failed" | "cancelled";
                /** @description Text in any field value, any case */
                q?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of leads */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        leads: components["schemas"]["LeadWithRender"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.add": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    leads: {
                        /**
                         * @example {
                         *       "first_name": "Ada",
                         *       "website": "example.com"
                         *     }
                         */
                        fields: {
                            [key: string]: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Added */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        leads: components["schemas"]["Lead"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.preview": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the landing page with a preview token */
            302: {
                headers: {
                    /** @description The page's address with a short-lived preview token */
                    Location: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An API key: preview links are for signed-in members */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.list": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Renders */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        renders: components["schemas"]["Render"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.enqueue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    leadIds?: string[];
                    /** @enum {string} */
                    only?: "unrendered" | "failed";
                };
            };
        };
        responses: {
            /** @description Queued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        renders: components["schemas"]["EnqueuedRender"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Payment past due beyond the grace days, or videos longer than the plan allows */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The campaign is archived */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.cancelAll": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was cancelled and what is stopping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Render ids cancelled at once (were queued) */
                        cancelled: string[];
                        /** @description Render ids whose nodes were told to stop */
                        stopping: string[];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "campaigns.progress": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignProgress"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The render */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Render"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled, or cancellation requested */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
                        cancelRequested: boolean;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The render is already finished */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "renders.artifact": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: "video.mp4" | "poster.jpg" | "preview.gif" | "report.json" | "first-frame.jpg";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The whole file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The requested byte range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "siteChecks.sheet": {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["SiteCheckLead"][];
                        nextCursor: string | null;
                        summary: components["schemas"]["SiteCheckSummary"];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "siteChecks.queue": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    leadIds?: string[];
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Checks queued now */
                        queued: number;
                        /** @description Leads skipped: their check is current */
                        current: number;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The campaign is archived */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "analytics.funnel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The funnel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignFunnel"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "analytics.timeline": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lead's events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["LeadEvent"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "analytics.watchers": {
        parameters: {
            query?: {
                /** @description ISO time; defaults to the start of today in UTC */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Leads, most recently seen first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        since: string;
                        watchers: components["schemas"]["Watcher"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "analytics.daily": {
        parameters: {
            query?: {
                days?: number;
                campaignId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per day, oldest first, days without events included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        days: components["schemas"]["DayCounts"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Endpoints, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhooks: components["schemas"]["Webhook"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description Where events are POSTed: https, a public host name (no IP address, no local or internal name, none of the platform's own hosts); a local stack may also use http://localhost
                     * @example https://example.com/hooks/loom
                     */
                    url: string;
                    /** @description The events this endpoint receives */
                    events: ("render.completed" | "render.failed" | "lead.viewed" | "lead.played" | "lead.cta_clicked" | "lead.booked")[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"] & {
                        /** @description Signing secret (`whsec_…`); not shown again */
                        secret: string;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage webhooks */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage webhooks */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uri
                     * @description Where events are POSTed: https, a public host name (no IP address, no local or internal name, none of the platform's own hosts); a local stack may also use http://localhost
                     * @example https://example.com/hooks/loom
                     */
                    url?: string;
                    /** @description The events this endpoint receives */
                    events?: ("render.completed" | "render.failed" | "lead.viewed" | "lead.played" | "lead.cta_clicked" | "lead.booked")[];
                };
            };
        };
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage webhooks */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.deliveries.list": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: components["schemas"]["WebhookDelivery"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "webhooks.test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery after its first attempt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage webhooks */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description `true`: only alerts not read yet */
                unread?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of alerts and the number unread */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                        unreadCount: number;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user: alerts belong to a person, API keys have none */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.markAllRead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many were marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        marked: number;
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user: alerts belong to a person, API keys have none */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.markRead": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user: alerts belong to a person, API keys have none */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.preferences.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user: alerts belong to a person, API keys have none */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "notifications.preferences.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description E-mail when a lead opens the page */
                    emailOpened?: boolean;
                    /** @description E-mail when a lead plays past half of the video */
                    emailWatchedHalf?: boolean;
                    /** @description E-mail when a lead clicks the call to action */
                    emailClicked?: boolean;
                    /** @description Instead of an e-mail per alert, one e-mail a day listing the day's alerts of the kinds above */
                    dailyDigest?: boolean;
                };
            };
        };
        responses: {
            /** @description The preferences now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Needs a signed-in user: alerts belong to a person, API keys have none */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "domains.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Domains */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        domains: components["schemas"]["CustomDomain"][];
                        /** @description Whether this deployment offers custom domains (the platform's Cloudflare for SaaS is set up); when false, adding or checking one fails */
                        available: boolean;
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "domains.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example video.customer.com */
                    hostname: string;
                };
            };
        };
        responses: {
            /** @description Registered; pending until the DNS records exist */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomDomain"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The plan's custom domains are all in use (or it has none); the message names the way out */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage domains */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Another workspace (or this one) already claimed the hostname */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "domains.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The domain */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomDomain"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "domains.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage domains */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "domains.check": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The domain */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomDomain"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only owners and admins manage domains */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "plans.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every plan, Trial and Free included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        plans: components["schemas"]["Plan"][];
                    };
                };
            };
        };
    };
    "billing.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Billing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Billing"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "billing.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    overageEnabled?: boolean;
                    /** @description US cents per period, 0 to 10000000 */
                    spendingCapCents?: number;
                };
            };
        };
        responses: {
            /** @description Billing after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Billing"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The plan has no overage; the message names the way out */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the workspace's owner, signed in, can change this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Billing is off on this installation */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "billing.usage": {
        parameters: {
            query?: {
                limit?: number;
                /** @description nextCursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of usage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["UsageRow"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "leads.emailSnippet": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snippet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailSnippet"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 1 */
                    freeSlots?: number;
                    version?: string;
                };
            };
        };
        responses: {
            /** @description A job and its lease, or both null */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        job: {
                            renderId: string;
                            /**
                             * @default video
                             * @enum {string}
                             */
                            kind: "video" | "preflight" | "sample";
                            workspaceId: string;
                            campaignId: string;
                            leadId: string;
                            attempt: number;
                            fields: {
                                [key: string]: string;
                            };
                            spec: {
                                facecam: string;
                                /**
                                 * @default {
                                 *       "shape": "circle",
                                 *       "position": "bottom-left",
                                 *       "size": 0.28
                                 *     }
                                 */
                                bubble: {
                                    /**
                                     * @default circle
                                     * @enum {string}
                                     */
                                    shape: "circle" | "rounded" | "portrait";
                                    /**
                                     * @default bottom-left
                                     * @enum {string}
                                     */
                                    position: "bottom-left" | "bottom-right" | "top-left" | "top-right";
                                    /** @default 0.28 */
                                    size: number;
                                    border?: {
                                        color: string;
                                        width: number;
                                    };
                                };
                                /**
                                 * @default {
                                 *       "width": 1280,
                                 *       "height": 720,
                                 *       "fps": 30
                                 *     }
                                 */
                                output: {
                                    /** @default 1280 */
                                    width: 1280 | 1920;
                                    /** @default 720 */
                                    height: 720 | 1080;
                                    /**
                                     * @default 30
                                     * @enum {number}
                                     */
                                    fps: 30;
                                };
                                scenes: {
                                    url: string;
                                    seconds?: number;
                                    /** @default [] */
                                    actions: ({
                                        /** @enum {string} */
                                        type: "scroll";
                                        to?: string;
                                        by?: number;
                                        seconds?: number;
                                    } | {
                                        /** @enum {string} */
                                        type: "hover";
                                        selector: string;
                                        seconds?: number;
                                    } | {
                                        /** @enum {string} */
                                        type: "click";
                                        selector: string;
                                        seconds?: number;
                                    } | {
                                        /** @enum {string} */
                                        type: "highlight";
                                        selector: string;
                                        seconds?: number;
                                    } | {
                                        /** @enum {string} */
                                        type: "wait";
                                        seconds: number;
                                    })[];
                                    /** @default [] */
                                    overlays: {
                                        text: string;
                                        /** @default 0 */
                                        at: number;
                                        until?: number;
                                    }[];
                                }[];
                                /** @enum {string} */
                                length?: "facecam" | "scenes";
                                /**
                                 * @default reject
                                 * @enum {string}
                                 */
                                onUnusable: "fallback" | "reject";
                                /**
                                 * @default share
                                 * @enum {string}
                                 */
                                fallbackVideos: "share" | "hold";
                                /** Format: uri */
                                fallbackUrl?: string;
                            };
                            facecamPath: string;
                        } | null;
                        lease: {
                            id: string;
                            fence: number;
                            /** Format: date-time */
                            expiresAt: string;
                        } | null;
                    };
                };
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.renders.heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fence: number;
                    /** @enum {string} */
                    stage: "claimed" | "capturing" | "composing" | "uploading";
                    progress: number;
                };
            };
        };
        responses: {
            /** @description Lease extended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancel: boolean;
                        /** Format: date-time */
                        leaseExpiresAt: string;
                    };
                };
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such render */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lease is stale (an older fence) or gone; stop working on the render */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.renders.putArtifact": {
        parameters: {
            query?: never;
            header?: {
                /** @description The lease's fence */
                "x-lease-fence"?: number | null;
            };
            path: {
                id: string;
                name: "video.mp4" | "poster.jpg" | "preview.gif" | "report.json" | "first-frame.jpg";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stored */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such render */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lease is stale (an older fence) or gone; stop working on the render */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.renders.uploadToBunny": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fence: number;
                    /** @enum {string} */
                    name: "video.mp4" | "poster.jpg" | "preview.gif";
                    zone: string;
                };
            };
        };
        responses: {
            /** @description Recorded; PUT the object under this key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                    };
                };
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such render */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lease is stale (an older fence) or gone; stop working on the render */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.renders.complete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fence: number;
                    durationMs: number;
                    timings: {
                        [key: string]: number;
                    };
                    /** @default [] */
                    warnings?: string[];
                    /** @default [] */
                    fallbacks?: {
                        scene: number;
                        url: string;
                        reason: string;
                    }[];
                    preflight?: {
                        /** @enum {string} */
                        verdict: "usable" | "walled" | "broken" | "fallback";
                        url: string;
                        reason: string | null;
                    };
                    storage?: {
                        /** @enum {string} */
                        kind: "bunny";
                        /** Format: uri */
                        cdnBaseUrl: string;
                        zone?: string;
                        artifacts: {
                            "video.mp4"?: string;
                            "poster.jpg"?: string;
                            "preview.gif"?: string;
                            "report.json"?: string;
                            "first-frame.jpg"?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        state: "done";
                    };
                };
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such render */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lease is stale (an older fence) or gone; stop working on the render */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.renders.fail": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    fence: number;
                    /** @default false */
                    cancelled?: boolean;
                    /** @default true */
                    retryable?: boolean;
                    /** @default render_error */
                    code?: string;
                    message: string;
                };
            };
        };
        responses: {
            /** @description The state it went to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        state: "queued" | "claimed" | "capturing" | "composing" | "uploading" | "done" | "failed" | "cancelled" | "blocked_quota";
                    };
                };
            };
            /** @description Malformed request; the message names the field. Nothing was changed. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such render */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lease is stale (an older fence) or gone; stop working on the render */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "nodes.assets.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Part of the bytes */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown node token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not an asset of a render this node holds */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.nodes.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Nodes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        nodes: components["schemas"]["RenderNode"][];
                    };
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.nodes.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @default 1 */
                    capacity?: number;
                };
            };
        };
        responses: {
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderNodeToken"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A node with that name exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.contactRequests.list": {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Contact requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        requests: components["schemas"]["ContactRequestView"][];
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.nodes.rotateToken": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderNodeToken"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such node */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.nodes.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderNode"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such node */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.settings.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemSettings"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.settings.replace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SystemSettings"];
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemSettings"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.gate.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live permits (epoch milliseconds) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        now: number;
                        permits: {
                            leaseId: string;
                            renderId: string | null;
                            workspaceId: string | null;
                            workspaceCap: number | null;
                            acquiredAt: number;
                            expiresAt: number;
                            cancel: boolean;
                        }[];
                    };
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.operators.list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Operators, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        operators: components["schemas"]["Operator"][];
                    };
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.operators.grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Already an operator */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description Granted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Operator"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No account with that email */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The account's email is not verified */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.operators.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not an operator */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "admin.media.list": {
        parameters: {
            query: {
                prefix: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Objects, up to 1000 per page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        objects: {
                            key: string;
                            size: number;
                            uploaded: string;
                        }[];
                        cursor: string | null;
                    };
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No admin token and no session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Signed in, but not an operator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "metrics.prometheus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Gauges with HELP and TYPE lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description No metrics token, or a wrong one (the admin token is not accepted) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description METRICS_TOKEN is not set on this deployment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "metrics.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FleetMetrics"];
                };
            };
            /** @description No metrics token, or a wrong one (the admin token is not accepted) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description METRICS_TOKEN is not set on this deployment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "billing.checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutRequest"];
            };
        };
        responses: {
            /** @description What happened */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResult"];
                };
            };
            /** @description Malformed request; the message names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the workspace's owner, signed in, manages billing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Billing is off on this deployment (no Stripe settings) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "billing.portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The portal's url */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalSession"];
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the workspace's owner, signed in, manages billing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Billing is off on this deployment (no Stripe settings) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "billing.invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invoices */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        invoices: components["schemas"]["Invoice"][];
                    };
                };
            };
            /** @description No session and no valid API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Only the workspace's owner, signed in, manages billing */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Billing is off on this deployment (no Stripe settings) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "stripe.webhook": {
        parameters: {
            query?: never;
            header: {
                "stripe-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Applied, already applied, or a type Loom-Lite does not act on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        received: true;
                        outcome: string;
                    };
                };
            };
            /** @description Bad signature (nothing is recorded) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Billing is off on this deployment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The event is being applied by another delivery; Stripe retries later */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "contact.submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ContactRequest"];
            };
        };
        responses: {
            /** @description Received */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        received: true;
                    };
                };
            };
            /** @description Received; the browser goes to the confirmation page */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A field is wrong; the message (or the page) names it */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tryIt.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TrySampleRequest"];
            };
        };
        responses: {
            /** @description Queued; poll GET /api/try/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        statusUrl: string;
                    };
                };
            };
            /** @description Queued; the browser goes to the try page, which shows the sample */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The address is not one a sample can be made of (a browser gets the try page naming why) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tryIt.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sample */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrySample"];
                };
            };
            /** @description Malformed id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such sample (or deleted after 24 hours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "tryIt.media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: "first-frame.jpg" | "video.mp4" | "poster.jpg";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Part of the file (Range) */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed id or name */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not there (yet) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.signUp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                    name: string;
                    /** @description Where the verification link lands once opened, e.g. /app */
                    callbackURL?: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.signIn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.signOut": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "auth.requestPasswordReset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @description Where the link lands with ?token=…, e.g. /app/reset-password */
                    redirectTo?: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.sendVerificationEmail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    callbackURL?: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.resetPassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    token: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Signed in; the session cookie is set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["AuthUser"];
                    };
                };
            };
            /** @description Rejected */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds */
            429: {
                headers: {
                    /** @description Seconds until a request is allowed again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    "auth.verifyEmail": {
        parameters: {
            query: {
                token: string;
                callbackURL?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Verified (no callbackURL) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Verified, or refused with ?error=…; redirects to callbackURL */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Rejected */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    "auth.getSession": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Session or null */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
}
