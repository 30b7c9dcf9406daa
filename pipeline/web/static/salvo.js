// salvo's only script: each correction form offers the values its field takes.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.correct").forEach(function (form) {
    var field = form.querySelector("select[name=field]");
    var value = form.querySelector("input[name=value]");
    function offer() {
      var list = field.value + "-choices";
      if (document.getElementById(list)) { value.setAttribute("list", list); }
      else { value.removeAttribute("list"); }
      value.setAttribute("inputmode", field.value === "quantity" ? "numeric" : "text");
    }
    field.addEventListener("change", offer);
    offer();
  });
});
