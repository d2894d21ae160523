// Passkeys (WebAuthn) for the forms that carry data-passkey="create" or data-passkey="get".
// The options come from the JSON block the form names in data-passkey-options; the browser's answer
// goes into the form's hidden Credential field and the form is submitted as usual, so antiforgery,
// the sealed PasskeyState and the redirect after it work as for any other form. Without this script
// (or without WebAuthn) the passkey buttons stay hidden and nothing else changes.
const b64urlToBytes = (s) => {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(s.length / 4) * 4, "=");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
};
const bytesToB64url = (buf) => {
  let s = "";
  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const creationOptions = (json) => PublicKeyCredential.parseCreationOptionsFromJSON
  ? PublicKeyCredential.parseCreationOptionsFromJSON(json)
  : {
      ...json,
      challenge: b64urlToBytes(json.challenge),
      user: { ...json.user, id: b64urlToBytes(json.user.id) },
      excludeCredentials: (json.excludeCredentials ?? []).map((c) => ({ ...c, id: b64urlToBytes(c.id) })),
    };

const requestOptions = (json) => PublicKeyCredential.parseRequestOptionsFromJSON
  ? PublicKeyCredential.parseRequestOptionsFromJSON(json)
  : {
      ...json,
      challenge: b64urlToBytes(json.challenge),
      allowCredentials: (json.allowCredentials ?? []).map((c) => ({ ...c, id: b64urlToBytes(c.id) })),
    };

const toJson = (cred) => {
  if (typeof cred.toJSON === "function") return cred.toJSON();
  const r = cred.response;
  const response = { clientDataJSON: bytesToB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bytesToB64url(r.attestationObject);
    response.transports = r.getTransports?.() ?? [];
  } else {
    response.authenticatorData = bytesToB64url(r.authenticatorData);
    response.signature = bytesToB64url(r.signature);
    if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle);
  }
  return { id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type, response,
           clientExtensionResults: cred.getClientExtensionResults() };
};

const optionsOf = (form) => JSON.parse(document.getElementById(form.dataset.passkeyOptions).textContent);

const submitWith = (form, cred) => {
  form.elements.Credential.value = JSON.stringify(toJson(cred));
  form.submit();
};

const showError = (form, message) => {
  const box = form.querySelector("[data-passkey-error]");
  if (box) {
    box.textContent = message;
    box.hidden = false;
  }
};

const wire = (form) => {
  const kind = form.dataset.passkey;
  let pending = null;

  const run = async (conditional) => {
    pending?.abort();
    pending = new AbortController();
    const signal = pending.signal;
    const cred = kind === "create"
      ? await navigator.credentials.create({ publicKey: creationOptions(optionsOf(form)), signal })
      : await navigator.credentials.get({
          publicKey: requestOptions(optionsOf(form)), signal, ...(conditional ? { mediation: "conditional" } : {}),
        });
    if (cred) submitWith(form, cred);
  };

  form.addEventListener("submit", (e) => {
    if (form.elements.Credential.value) return;
    e.preventDefault();
    run(false).catch((err) => {
      if (err?.name !== "AbortError") showError(form, "The passkey didn't work or was cancelled. Try again.");
    });
  });

  if (kind === "get" && form.dataset.passkeyConditional === "on") {
    PublicKeyCredential.isConditionalMediationAvailable?.().then((available) => {
      if (available) run(true).catch(() => {});
    });
  }

  form.querySelectorAll("[data-passkey-button]").forEach((b) => { b.hidden = false; });
  form.hidden = false;
};

if (typeof window.PublicKeyCredential === "function") {
  document.querySelectorAll("form[data-passkey]").forEach(wire);
}
