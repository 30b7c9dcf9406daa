// salvo's only script: the correction form offers the values its field takes.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var field = document.getElementById("correct-field");
  var value = document.getElementById("correct-value");
  if (!field || !value) { return; }
  function offer() {
    var list = field.value + "-choices";
    if (document.getElementById(list)) { value.setAttribute("list", list); }
    else { value.removeAttribute("list"); }
    value.setAttribute("inputmode", field.value === "quantity" ? "numeric" : "text");
  }
  field.addEventListener("change", offer);
  offer();
});
