// The board follows the schedule live: the gateway pushes each new content over Server-Sent Events, and in-flight
// progress bars advance every second from their liftoff time. All text comes rendered from the server.
(function () {
  "use strict";
  var main = document.querySelector("main[data-events]");
  if (!main || !window.EventSource) {
    return;
  }
  var live = document.getElementById("live");
  var departures = document.getElementById("departures");
  var arrivals = document.getElementById("arrivals");

  function state(name) {
    live.dataset.state = name;
    live.textContent = live.dataset[name];
  }

  function advance() {
    var now = Date.now();
    document.querySelectorAll("progress[data-liftoff]").forEach(function (bar) {
      var hop = Number(bar.dataset.hop) || 1;
      var percent = Math.max(0, Math.min(100, Math.floor((now - Number(bar.dataset.liftoff)) * 100 / hop)));
      if (Number(bar.value) !== percent) {
        bar.value = percent;
        var text = bar.parentNode.querySelector(".progress-text");
        if (text) {
          text.textContent = text.dataset.template.replace(/\d+/, String(percent));
          bar.setAttribute("aria-label", text.textContent);
        }
      }
    });
  }

  var source = new EventSource(main.dataset.events);
  source.addEventListener("board", function (event) {
    var content = JSON.parse(event.data);
    departures.innerHTML = content.departures;
    arrivals.innerHTML = content.arrivals;
    advance();
    state("connected");
  });
  source.addEventListener("error", function () {
    state("reconnecting");
  });
  setInterval(advance, 1000);
})();
