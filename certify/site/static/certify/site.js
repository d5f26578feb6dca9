// Loaded in <head>: mark the page as having JavaScript, so the CSS lets the menu button
// collapse the navigation (without JavaScript the navigation stays open in the page).
document.documentElement.classList.add("js");

// After a refused submit, start at the error summary: its links lead to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// Quick exit (certify.site.safety): tell the server to forget this visit, then leave for a
// neutral site, replacing this page in the history so Back does not show it. The button, or
// the Escape key pressed twice within a second. Without JavaScript the form posts and the
// server sends the browser out.
(function () {
  function leave(form) {
    var exitUrl = form.getAttribute("data-quick-exit");
    if (!exitUrl || !navigator.sendBeacon) {
      form.submit(); // the server forgets the visit and sends the browser out
      return;
    }
    try {
      navigator.sendBeacon(form.action, new FormData(form));
    } catch (error) {
      // Leaving matters more than forgetting: go on.
    }
    document.body.hidden = true;
    window.location.replace(exitUrl);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-quick-exit]");
    if (!form || !form.getAttribute("data-quick-exit") || !navigator.sendBeacon) return;
    event.preventDefault();
    leave(form);
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) {
      var form = document.querySelector("form[data-quick-exit]");
      if (form) leave(form);
    }
    lastEscape = now;
  });
})();
