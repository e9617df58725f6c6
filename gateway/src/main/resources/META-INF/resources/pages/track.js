// The tracking page follows the parcel while it is open: each change arrives rendered over Server-Sent Events.
(function () {
  "use strict";
  var main = document.querySelector("main[data-events]");
  var parcel = document.getElementById("parcel");
  if (!main || !parcel || !window.EventSource) {
    return;
  }
  var ended = parcel.querySelector("[data-ended='true']");
  if (ended) {
    return;
  }
  var source = new EventSource(main.dataset.events);
  source.addEventListener("parcel", function (event) {
    parcel.innerHTML = JSON.parse(event.data).html;
    parcel.dataset.live = "true";
  });
  source.addEventListener("end", function () {
    source.close();
  });
})();
