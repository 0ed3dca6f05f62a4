/* Staff console: keeps the queue and a ticket's conversation up to date without reloading
 * the page (a reply being typed is never lost). Served from this site (CSP script-src 'self'). */
(function () {
  "use strict";
  var PERIOD = 4000;

  function who(item) {
    if (item.from === "user") return "Résident";
    if (item.from === "staff") return "Agent (" + item.staff + ")";
    if (item.from === "system") return "—";
    return "Assistant";
  }

  function text(item) {
    if (item.from !== "system") return item.text;
    return item.text === "pause" ? "Conversation mise en pause" : "L'assistant a repris";
  }

  function refreshHistory(list) {
    fetch(list.dataset.history, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.history.length !== list.children.length) {
          list.replaceChildren.apply(list, data.history.map(function (item) {
            var li = document.createElement("li");
            li.className = "from-" + item.from;
            var span = document.createElement("span");
            span.className = "who";
            span.textContent = who(item);
            li.append(span, text(item));
            return li;
          }));
        }
        var state = document.getElementById("conversation-state");
        if (state) state.textContent = data.paused ? "L'assistant est en pause : vous avez la main."
                                                    : "L'assistant répond au résident.";
      })
      .catch(function () {});
  }

  function refreshQueue(block) {
    fetch(location.pathname, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh=queue]");
        if (fresh && fresh.innerHTML !== block.innerHTML) block.innerHTML = fresh.innerHTML;
      })
      .catch(function () {});
  }

  var list = document.querySelector("[data-history]");
  if (list) setInterval(function () { refreshHistory(list); }, PERIOD);
  var queue = document.querySelector("[data-refresh=queue]");
  if (queue) setInterval(function () { refreshQueue(queue); }, PERIOD);
})();
