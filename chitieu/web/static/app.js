// chitieu: the little the pages need beyond HTMX — upload progress, adding a target from selected text, going back.
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (!bar || !event.detail.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    var status = document.getElementById("upload-status");
    if (status) status.textContent = bar.value < 100 ? "Đang tải lên… " + bar.value + "%" : "Đang trích xuất…";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "upload-form") {
      var status = document.getElementById("upload-status");
      if (status) status.textContent = "Xong.";
    }
  });
  document.addEventListener("change", function (event) {  // file fields: the names chosen (macros.html)
    var input = event.target;
    if (!input.classList || !input.classList.contains("file-input")) return;
    var names = Array.prototype.map.call(input.files, function (file) { return file.name; }).join(", ");
    input.parentElement.querySelector(".file-names").textContent = names || "Chưa chọn tệp nào";
  });
  document.addEventListener("click", function (event) {  // "← Quay lại" on error pages (no inline script: CSP)
    var link = event.target.closest && event.target.closest("a[data-back]");
    if (link && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });
  document.addEventListener("change", function (event) {  // "Chọn tất cả" ticks every box of its name
    var all = event.target;
    if (!all.hasAttribute || !all.hasAttribute("data-select-all")) return;
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-select-all") + '"]');
    Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
  });
  var NUMBER = /\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/;
  document.addEventListener("mouseup", function () { fromSelection(); });
  var pending = null;
  document.addEventListener("selectionchange", function () {  // touch screens select without a mouse
    clearTimeout(pending);
    pending = setTimeout(fromSelection, 400);
  });
  document.addEventListener("keyup", function (event) { if (event.shiftKey) fromSelection(); });
  function fromSelection() {
    var doc = document.getElementById("doc");
    var selection = window.getSelection();
    if (!doc || !selection || selection.isCollapsed) return;
    var text = selection.toString().replace(/\s+/g, " ").trim();
    var node = selection.anchorNode;
    var line = node && (node.nodeType === 1 ? node : node.parentElement);
    line = line && line.closest("[data-line]");
    if (!text || !line || !doc.contains(line)) return;
    document.getElementById("add-quote").value = text;
    document.getElementById("add-line").value = line.getAttribute("data-line");
    var number = text.match(NUMBER);
    var value = document.getElementById("add-value");
    if (number && value && !value.value) value.value = number[0];
    var panel = document.getElementById("add-panel");
    if (panel) panel.open = true;
  }
})();
