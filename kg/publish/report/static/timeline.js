/* Timeline page: show or hide the lane of each kind of event. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-kinds");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var box = event.target;
    document.querySelectorAll("svg.timeline g.tl-lane, svg.timeline g.tl-label").forEach(function (lane) {
      if (lane.getAttribute("data-kind") === box.value) { lane.classList.toggle("hidden", !box.checked); }
    });
  });
})();

/* Open the timeline on its busiest stretch: the middle one of its marks. */
(function () {
  "use strict";
  var wrap = document.getElementById("timeline");
  if (!wrap || wrap.scrollWidth <= wrap.clientWidth) { return; }
  var marks = Array.prototype.slice.call(wrap.querySelectorAll(".tl-mark"));
  if (!marks.length) { return; }
  var xs = marks.map(function (m) { var b = m.getBBox(); return b.x + b.width / 2; }).sort(function (a, b) { return a - b; });
  wrap.scrollLeft = Math.max(0, xs[Math.floor(xs.length / 2)] - wrap.clientWidth / 2);
})();

/* Keep the names of the lanes in view when the timeline scrolls sideways. */
(function () {
  "use strict";
  var wrap = document.getElementById("timeline");
  var labels = wrap && wrap.querySelector("g.tl-labels");
  if (!labels) { return; }
  function follow() { labels.setAttribute("transform", "translate(" + wrap.scrollLeft + ",0)"); }
  wrap.addEventListener("scroll", follow);
  follow();
})();
