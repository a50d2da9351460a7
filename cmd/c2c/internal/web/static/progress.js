// progress.js follows the batch started from the web on /runs/current:
// it reads the server-sent events of /runs/current/events and updates the
// stage, the progress bar and its count as they come; when the batch ends
// it reloads the page, which then shows the run. Without it the page is
// the same, with a link to reload it.
(function () {
	"use strict";
	var page = document.querySelector("dl.facts[data-running]");
	if (!page || typeof EventSource === "undefined") {
		return;
	}
	var stage = page.querySelector("dd.stage");
	var done = page.querySelector("dd.done");
	var events = new EventSource("/runs/current/events");
	events.addEventListener("progress", function (e) {
		var st = JSON.parse(e.data);
		if (stage) {
			stage.textContent = st.stage || "";
		}
		if (done) {
			var bar = done.querySelector("progress");
			var count = done.querySelector("span.count");
			done.hidden = !st.total;
			if (bar && st.total) {
				bar.max = st.total;
				bar.value = st.done;
				bar.textContent = st.done + " of " + st.total;
			}
			if (count && st.total) {
				count.textContent = st.done + " of " + st.total;
			}
		}
		page.setAttribute("data-events", String(Number(page.getAttribute("data-events") || "0") + 1));
	});
	events.addEventListener("end", function () {
		events.close();
		window.location.reload();
	});
})();
