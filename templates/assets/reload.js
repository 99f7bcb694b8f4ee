// Injected by `briefbook serve` into the pages it serves (never into a built site): reloads
// the page when the server announces a build other than the one the page came from.
(() => {
  const script = document.currentScript;
  const build = script.dataset.build;
  const events = new EventSource(new URL("events", script.src));
  events.onmessage = (event) => {
    if (event.data !== build) {
      events.close();
      location.reload();
    }
  };
})();
