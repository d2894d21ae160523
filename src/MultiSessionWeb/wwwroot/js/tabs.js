// Keeps a browser's open tabs in step with its accounts. Each page announces the browser's
// accounts as the server rendered them; a tab that sees a different list reloads, and a tab pinned
// to /u/{slot}/ whose account has gone says so instead of quietly acting as someone else.
// Progressive enhancement: without JavaScript every page still works, it just doesn't follow.
(() => {
  "use strict";

  const body = document.body;
  const accounts = body.dataset.accounts;
  if (accounts === undefined) {
    return;
  }

  // Empty attributes mean "none": the page is not under /u/{slot}/, or acts as no account.
  const slot = body.dataset.slot || undefined;
  const actingSession = body.dataset.actingSession || undefined;
  const key = "msw.accounts";
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(key) : null;
  let edited = false;
  let settled = false;

  document.addEventListener("input", () => { edited = true; });

  // "0:sess_a,1:sess_b,2:sess_c:revoked|sess_b": a third part says how a listed account ended.
  const entries = (text) => (text.split("|")[0] || "").split(",").filter(Boolean).map((entry) => entry.split(":"));

  // → Map { "0" → "sess_a", "1" → "sess_b" }: the signed-in accounts by slot.
  const sessionsBySlot = (text) => new Map(
    entries(text).filter((entry) => entry.length === 2).map(([slotOf, id]) => [slotOf, id]));

  // How the session ended by the other tab's account: "revoked", "expired", or "removed" when it is
  // no longer listed at all; undefined while it is signed in.
  const endOf = (text, id) => {
    const entry = entries(text).find((parts) => parts[1] === id);
    return entry === undefined ? "removed" : entry[2];
  };

  const show = (id) => {
    const element = document.getElementById(id);
    if (element) {
      element.hidden = false;
    }
  };

  // This tab's page acts as an account that is gone: say which, and how, and stop the page.
  const signedOut = (end) => {
    settled = true;
    const alert = document.getElementById("tab-signed-out");
    const text = alert && alert.dataset[end];
    if (text) {
      alert.querySelector("p").textContent = text;
    }
    show("tab-signed-out");
    // An open account menu would cover the alert on a phone; the alert is what matters now.
    for (const menu of document.querySelectorAll("details.account-menu[open]")) {
      menu.open = false;
    }
    const main = document.getElementById("main");
    if (main) {
      main.inert = true;
    }
  };

  const onAccounts = (other) => {
    if (typeof other !== "string" || other === accounts || settled) {
      return;
    }

    const end = actingSession === undefined ? undefined : endOf(other, actingSession);
    if (slot !== undefined && sessionsBySlot(other).get(slot) !== actingSession) {
      signedOut(end || "removed");
      return;
    }

    // Ended from elsewhere (another device, an administrator) or by time: reloading would only
    // show another account without a word, so the tab says what happened instead.
    if (end === "revoked" || end === "expired") {
      signedOut(end);
      return;
    }

    if (edited) {
      for (const menu of document.querySelectorAll("details.account-menu[open]")) {
        menu.open = false;
      }
      show("tab-changed");
      return;
    }

    settled = true;
    location.reload();
  };

  const announce = () => {
    if (channel) {
      channel.postMessage({ accounts });
    } else {
      try {
        localStorage.setItem(key, JSON.stringify({ accounts, at: Date.now() }));
      } catch {
        // Storage can be off (private mode, policy); tabs then just don't follow.
      }
    }
  };

  if (channel) {
    channel.addEventListener("message", (event) => onAccounts(event.data && event.data.accounts));
  } else {
    window.addEventListener("storage", (event) => {
      if (event.key === key && event.newValue) {
        onAccounts(JSON.parse(event.newValue).accounts);
      }
    });
  }

  announce();
  // A page restored from the back/forward cache may be stale: say what it shows, and hear back.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      announce();
    }
  });
})();
