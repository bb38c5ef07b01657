// Nothing the pages need comes from the network: this file only wires small controls.
document.querySelectorAll("[data-confirm]").forEach(function (el) {
  el.addEventListener("click", function (e) { if (!confirm(el.dataset.confirm)) e.preventDefault(); });
});
