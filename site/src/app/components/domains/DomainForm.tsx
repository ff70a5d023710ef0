import { useId, useState } from "react";
import { useAddDomain } from "../../api/domains-queries";
import { Form } from "../form/Form";
import { SubmitButton } from "../form/SubmitButton";
import { TextField } from "../form/TextField";
import { cleanHostname, describeAddError } from "./domain-errors";

export function DomainForm() {
  const id = useId();
  const [hostname, setHostname] = useState("");
  const [tried, setTried] = useState("");
  const add = useAddDomain();
  const message = describeAddError(add.error, tried);
  return (
    <Form
      className="card stack"
      label="Add a custom domain"
      title="Custom domains"
      onSubmit={() => {
        const name = cleanHostname(hostname);
        setTried(name);
        add.mutate(name, { onSuccess: () => setHostname("") });
      }}
    >
      <p className="hint">
        Send prospects to <code>video.yourcompany.com/…</code> instead of our domain. Add the hostname, create
        the DNS records we show, and pages are served there once it is active.
      </p>
      <div className="row">
        <TextField
          label="Hostname"
          className="grow"
          type="text"
          required
          maxLength={253}
          placeholder="video.yourcompany.com"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={message ? `${id}-error` : undefined}
          value={hostname}
          onChange={setHostname}
        />
        <SubmitButton pending={add.isPending} pendingLabel="Adding…" disabled={!hostname.trim()}>
          Add domain
        </SubmitButton>
      </div>
      {message && (
        <div id={`${id}-error`} className="alert error" role="alert">
          {message}
        </div>
      )}
    </Form>
  );
}
