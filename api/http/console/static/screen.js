// The public screen pages through its tables by itself.
(function () {
  var pages = document.querySelectorAll("table.disclosure");
  var pager = document.getElementById("pager");
  var seconds = Number(document.body.dataset.pageSeconds) || 12;
  var shown = 0;
  if (pages.length < 2) return;
  setInterval(function () {
    pages[shown].classList.add("hidden");
    shown = (shown + 1) % pages.length;
    pages[shown].classList.remove("hidden");
    pager.textContent = "第" + (shown + 1) + "/" + pages.length + "页";
  }, seconds * 1000);
})();
