// Mention someone by typing "@" and a few letters in a comment: the people of the form's own
// picker (the "Noem iemand" select, which stays as the way without JavaScript) are offered as
// buttons under the text; choosing one writes "@Name" in the text and selects them in the
// picker, which is what the server reads. Arrow down moves from the text to the suggestions,
// arrows move between them, Escape goes back to the text.
(function () {
  "use strict";
  var MAX = 8;
  var TYPED = /(^|\s)@([^\s@]{1,40})$/;
  // The words, in the page's language, from the page (templates/agreements/comments/_mention_texts.html).
  var words = document.getElementById("mention-texts");
  function say(key, count, name) {
    var text = (words && words.getAttribute("data-" + key)) || "";
    return text.replace("%(count)s", String(count)).replace("%(name)s", name || "");
  }

  function setUp(form, text, picker, index) {
    var box = document.createElement("div");
    box.className = "mention-suggestions";
    box.id = "mention-suggestions-" + index;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", say("label"));
    box.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    text.insertAdjacentElement("afterend", box);
    box.insertAdjacentElement("afterend", status);

    function typed() {
      var before = text.value.slice(0, text.selectionStart);
      var found = TYPED.exec(before);
      return found ? { query: found[2], start: before.length - found[2].length - 1 } : null;
    }

    function close() {
      box.hidden = true;
      box.innerHTML = "";
    }

    function choose(option, at) {
      var name = option.textContent.trim();
      var end = text.selectionStart;
      text.value = text.value.slice(0, at.start) + "@" + name + " " + text.value.slice(end);
      option.selected = true;
      close();
      status.textContent = say("chosen", 0, name);
      var caret = at.start + name.length + 2;
      text.focus();
      text.setSelectionRange(caret, caret);
    }

    function offer() {
      var at = typed();
      if (!at) return close();
      var query = at.query.toLowerCase();
      var seen = {};
      var matches = Array.prototype.filter.call(picker.options, function (option) {
        var name = option.textContent.trim().toLowerCase();
        if (seen[option.value] || !option.value) return false;
        var hit = name.split(/\s+/).some(function (word) { return word.indexOf(query) === 0; });
        if (hit) seen[option.value] = true;
        return hit;
      }).slice(0, MAX);
      box.innerHTML = "";
      if (!matches.length) {
        close();
        status.textContent = say("none");
        return;
      }
      matches.forEach(function (option) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "utrecht-button utrecht-button--subtle mention-suggestions__option";
        var group = option.parentElement && option.parentElement.label;
        button.textContent = option.textContent.trim() + (group ? " (" + group + ")" : "");
        button.addEventListener("click", function () { choose(option, at); });
        box.appendChild(button);
      });
      box.hidden = false;
      status.textContent = say(matches.length === 1 ? "one" : "many", matches.length);
    }

    text.addEventListener("input", offer);
    text.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !box.hidden) {
        event.preventDefault();
        box.querySelector("button").focus();
      } else if (event.key === "Escape" && !box.hidden) {
        close();
      }
    });
    box.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(box.querySelectorAll("button"));
      var here = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var next = here + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) return text.focus();
        buttons[Math.min(next, buttons.length - 1)].focus();
      } else if (event.key === "Escape") {
        close();
        text.focus();
      }
    });
  }

  var index = 0;
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    var text = form.querySelector("textarea[name=body]");
    var picker = form.querySelector("select[name=mentions]");
    if (text && picker) setUp(form, text, picker, index++);
  });
})();
