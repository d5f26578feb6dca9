// Loaded in <head>: mark the page as having JavaScript, so the CSS lets the menu button
// collapse the navigation (without JavaScript the navigation stays open in the page).
document.documentElement.classList.add("js");

// Quick exit: leave for a neutral site and replace this page in the history, so the Back
// button does not bring it back. Without JavaScript the link still leaves the site.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});

// After a refused submit, start at the error summary: its links lead to each field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
