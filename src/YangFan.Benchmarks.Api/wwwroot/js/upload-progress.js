// The attachment form without a page load, with a progress bar: htmx posts it (hx-post) and swaps in the page's
// new <main>; this only moves the bar. Without JavaScript the form posts the ordinary way.
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  if (!bar || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round(event.detail.loaded * 100 / event.detail.total);
});
