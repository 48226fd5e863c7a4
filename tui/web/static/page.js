/* reviewroom: the Start and Restart buttons, without inline handlers (the page's
 * Content-Security-Policy runs no inline script). textual-serve's page pinged an optional URL
 * first; reviewroom's server sets none, so a button just reloads the page without `delay`. */
function startUrl() {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(url.search);
  params.delete("delay");
  return url.pathname + "?" + params.toString();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", () => {
      window.location.href = startUrl();
    });
  }
});
