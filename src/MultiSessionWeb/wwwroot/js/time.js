// The server writes every <time datetime="…"> in UTC, which reads the same without JavaScript; here it
// becomes the reader's own clock: "5 minutes ago" for the last week, a local date and time before that.
(() => {
  "use strict";

  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  const relative = "Intl" in window && "RelativeTimeFormat" in Intl ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

  for (const element of document.querySelectorAll("time[datetime]")) {
    const at = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(at.getTime())) {
      continue;
    }

    const seconds = Math.round((at.getTime() - Date.now()) / 1000);
    let text = local.format(at);
    if (relative && Math.abs(seconds) < 7 * 86400) {
      const [unit, size] = units.find(([, length]) => Math.abs(seconds) >= length) || ["minute", 60];
      text = Math.abs(seconds) < 60 ? relative.format(0, "minute") : relative.format(Math.round(seconds / size), unit);
    }

    // The exact local time stays one hover or long-press away.
    element.title = local.format(at);
    element.textContent = text;
  }
})();
