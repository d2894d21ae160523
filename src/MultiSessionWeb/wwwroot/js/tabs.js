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

  // "0:sess_a,1:sess_b|sess_b" → Map { "0" → "sess_a", "1" → "sess_b" }
  const sessionsBySlot = (text) => new Map(
    (text.split("|")[0] || "").split(",").filter(Boolean).map((entry) => entry.split(":")));

  const show = (id) => {
    const element = document.getElementById(id);
    if (element) {
      element.hidden = false;
    }
  };

  const onAccounts = (other) => {
    if (typeof other !== "string" || other === accounts || settled) {
      return;
    }

    if (slot !== undefined && sessionsBySlot(other).get(slot) !== actingSession) {
      settled = true;
      show("tab-signed-out");
      const main = document.getElementById("main");
      if (main) {
        main.inert = true;
      }
      return;
    }

    if (edited) {
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
