// The account menu is a <details>, so it opens and closes without JavaScript; this adds what
// people expect of a menu: Esc and a click elsewhere close it, and after a switch the page says whose
// it now is.
(() => {
  "use strict";

  const key = "msw.switched";
  const menus = () => document.querySelectorAll("details.account-menu[open]");

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") {
      return;
    }

    for (const menu of menus()) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  document.addEventListener("click", (event) => {
    for (const menu of menus()) {
      if (!menu.contains(event.target)) {
        menu.open = false;
      }
    }
  });

  // The switch itself is a plain form post; the name it switched to rides along in this tab's
  // session storage, and is said only if the page that comes back acts as that account.
  // The menu's switch buttons carry the account (they share one form); the chooser's forms do.
  document.addEventListener("submit", (event) => {
    const switching = [event.submitter, event.target].find((element) => element?.dataset?.switchTo);
    if (switching) {
      try {
        sessionStorage.setItem(key, JSON.stringify({ id: switching.dataset.switchTo, name: switching.dataset.switchName }));
      } catch {
        // Storage can be off; the switch still happens, just without the sentence.
      }
    }
  });

  let switched = null;
  try {
    switched = JSON.parse(sessionStorage.getItem(key) || "null");
    sessionStorage.removeItem(key);
  } catch {
    return;
  }

  const status = document.getElementById("account-status");
  if (switched && status && switched.id === document.body.dataset.actingSession) {
    status.textContent = `Now using ${switched.name}`;
    status.hidden = false;
  }
})();
