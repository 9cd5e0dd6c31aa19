// The portal's only script (no inline scripts: the Content-Security-Policy forbids them).
// Everything here enhances a page that already works without it.
(function () {
  "use strict";

  // "Copy" buttons: data-copy names the input whose value goes to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.value || source.textContent;
    var done = function () {
      var status = document.getElementById(button.getAttribute("data-status"));
      if (status) status.textContent = button.getAttribute("data-done");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { source.select(); document.execCommand("copy"); done(); });
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });

  // Copy buttons need this script: hidden in the page, shown here (without it the address is selected by hand).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy][hidden]").forEach(function (el) { el.hidden = false; });
  });

  // The folded menu closes with Escape, the keyboard back on its toggle.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details.menu[open]");
    if (!menu || !menu.contains(document.activeElement)) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  // The portal's "now" (the page's data-now, from its own clock, which may be a test clock) as it goes on:
  // the browser's clock only measures the time since the page loaded (QA: under a test clock two months
  // ahead, a check-in button judged by Date.now() never woke).
  var skew = 0;
  document.addEventListener("DOMContentLoaded", function () {
    var served = Date.parse(document.body.getAttribute("data-now") || "");
    if (!isNaN(served)) skew = served - Date.now();
  });
  function portalNow() { return Date.now() + skew; }

  // Buttons that become live at a given instant (check-in from 30 minutes before the start).
  function wake() {
    var now = portalNow();
    document.querySelectorAll("[data-live-from]").forEach(function (el) {
      if (el.disabled && Date.parse(el.getAttribute("data-live-from")) <= now) {
        el.disabled = false;
        var hint = document.getElementById(el.getAttribute("aria-describedby"));
        if (hint) hint.hidden = true;
      }
    });
  }
  setInterval(wake, 15000);
  document.addEventListener("DOMContentLoaded", wake);

  // The one-day heatmap of today opens on the current hour: its hours box (scrolled sideways on a phone, where the
  // row names stay at its left edge) is moved so that the hour before and the hour now are beside the names (QA: on a
  // phone it showed 00–05 at 10:00). Without this script the box starts at 00:00 and scrolls by hand.
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("day-hours");
    var now = box && box.querySelector("thead th.now");
    var names = box && box.querySelector("thead th.row-duty");
    if (!now || !names) return;
    var at = now.getBoundingClientRect(), left = names.getBoundingClientRect().right;
    // on a wider screen the total column stays at the box's right edge (portal.css): an hour under it is not in view
    var total = box.querySelector("thead th.col-total");
    var right = total && getComputedStyle(total).position === "sticky" ? total.getBoundingClientRect().left
      : box.getBoundingClientRect().right;
    if (at.left >= left && at.right <= right) return;  // already in view
    box.scrollLeft += at.left - left - at.width;
  });

  // A table box that scrolls sideways in a frame (the board: data-scroll-frame) shades the edge there is more beyond,
  // says on the box how far it is scrolled (data-scrolled: start, middle, end; none when it all fits), and shows the
  // line above it saying so only while it does not all fit (QZ26 #3: on a phone the board's last column read as
  // clipped). Without this script the line shows on a narrow screen (portal.css), the box scrolling all the same.
  function frameScroll(frame) {
    var box = frame.querySelector(".table-wrap");
    if (!box) return;
    var cue = document.getElementById(box.getAttribute("aria-describedby") || "");
    var update = function () {
      var room = box.scrollWidth - box.clientWidth;
      var left = room > 1 && box.scrollLeft > 1;
      var right = room > 1 && box.scrollLeft < room - 1;
      frame.setAttribute("data-more", [left ? "left" : "", right ? "right" : ""].join(" ").trim());
      box.setAttribute("data-scrolled", room <= 1 ? "none" : (!left ? "start" : (right ? "middle" : "end")));
      if (cue) {
        cue.hidden = room <= 1;
        cue.setAttribute("data-fits", room <= 1 ? "yes" : "no");  // the heat map's shows at any width (QZ27 #13)
      }
    };
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-scroll-frame]").forEach(frameScroll);
  });

  // What a page draws for a browser without script (<noscript>: the box to tick that asks before a form acts,
  // partials/forms.html ask_without_script) goes wherever this script runs. A page loaded by the browser keeps it as
  // inert text, but htmx parses what it brings in (a board cell's panel, a list's new rows, a page back from its
  // history) as markup: the box became a real one, `required` and hidden, and the browser then refused its form
  // without a word (QA: "Hủy ca này" on a cell opened by a click asked nothing and sent nothing; "An invalid form
  // control with name='confirmed' is not focusable"). htmx:load comes for every element it brings in, and once for
  // the page's body when it starts. It comes only when htmx settles, 20 ms after the swap, so what a response brings
  // is stripped of them before htmx parses it (a fresh clone's browser test met the box in the page in between:
  // "Kết thúc" named both the end's box and "Ca này đã kết thúc…"'s); htmx:load stays for what comes otherwise (a
  // page back from history that htmx had to ask the server for).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var text = event.detail && event.detail.serverResponse;
    if (typeof text === "string" && text.indexOf("<noscript") >= 0) {
      event.detail.serverResponse = text.replace(/<noscript\b[^>]*>[\s\S]*?<\/noscript>/gi, "");
    }
  });
  document.addEventListener("htmx:load", function (event) {
    var added = event.detail && event.detail.elt;
    if (!added || !added.querySelectorAll) return;
    if (added.matches && added.matches("noscript")) { added.remove(); return; }
    added.querySelectorAll("noscript").forEach(function (kept) { kept.remove(); });
  });

  // A board cell opened by htmx: its panel's heading takes the focus (the panel, as the link's #cell-panel gives it
  // without script, when it has none), so that the keyboard goes on in the panel rather than in the table and a screen
  // reader says which cell it is — the panel is not a live region, which read every shift card of it at each swap
  // (QA); so does a panel whose focused control the swap replaced (the focus would otherwise fall back to the top
  // of the page). Where the page was scrolled when the cell was opened is kept for closing the panel.
  var openedFrom = null;  // {link, x, y}: the board cell whose panel htmx brought in, and the page's scroll before
  document.addEventListener("htmx:beforeRequest", function (event) {
    var link = event.detail.elt;
    if (link && link.closest && link.closest(".board-grid")) openedFrom = { link: link, x: window.scrollX, y: window.scrollY };
  });
  function panelHeading(panel) {
    var heading = panel.querySelector("h2");
    if (!heading) return panel;
    heading.setAttribute("tabindex", "-1");
    return heading;
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || panel.id !== "cell-panel") return;
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    var lost = !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;
    if (trigger && trigger.closest(".board-grid")) markChosenCell(trigger);
    if ((trigger && trigger.closest(".board-grid")) || lost) panelHeading(panel).focus();
  });

  // "Đóng chi tiết, về bảng trực" closes the panel in place (QA: the link loaded the board again, the focus on the
  // top of the page and, on a phone, the person 2,700 px below their row): the panel says its hint again, the
  // address is the board's, and the cell it was opened from loses its mark and takes the focus, the page scrolled
  // back to where it was when that cell was opened (by htmx, on this page; else the browser brings the cell into
  // view). replaceState, not pushState: htmx keeps its own record of the address it last pushed, and Back to an
  // address pushed here would restore the panel closed. Without script the link is the board at that cell (#cell-…).
  function closePanel(panel, close) {
    var link = document.querySelector(".board-grid td.chosen a");
    var hint = document.createElement("p");
    hint.className = "muted";
    hint.textContent = panel.getAttribute("data-hint") || "";
    panel.replaceChildren(hint);
    markChosenCell(null);
    history.replaceState({ htmx: true }, "", close.pathname);
    if (!link) return;
    if (openedFrom && openedFrom.link === link) {
      window.scrollTo(openedFrom.x, openedFrom.y);
      link.focus({ preventScroll: true });
    } else {
      link.focus();
    }
    openedFrom = null;
  }
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-panel]");
    var panel = close && close.closest("#cell-panel");
    if (!panel || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    closePanel(panel, close);
  });

  // The board's "Đến hôm nay": the focus to today's first cell, the page scrolled so that the day's row header arrives
  // whole, a little below the screen's top (its scroll-margin), rather than the cell at the very top edge with the
  // top of its day cut off (QA at 390 px: a cell is taller than its link, centred in it). Without this script the
  // link's own scroll-margin leaves that room.
  document.addEventListener("click", function (event) {
    var skip = event.target.closest("a[href='#today-first-cell']");
    var cell = skip && document.getElementById("today-first-cell");
    var day = cell && cell.closest("tr") && cell.closest("tr").querySelector("th[scope=row]");
    if (!day) return;
    event.preventDefault();
    cell.focus({ preventScroll: true });
    cell.scrollIntoView({ block: "nearest", inline: "nearest" });  // sideways in the board's box, if it was scrolled
    day.scrollIntoView({ block: "start", inline: "nearest" });
  });

  // The board's opened cell is marked while its panel is open (a dashed frame and aria-current, as the page drawn by
  // the portal marks it): a cell opened by htmx leaves the board as it was drawn, so the mark moves here (and goes
  // with the panel closed: `link` none).
  function markChosenCell(link) {
    document.querySelectorAll(".board-grid td.chosen").forEach(function (cell) {
      cell.classList.remove("chosen");
      var old = cell.querySelector("a[aria-current]");
      if (old) old.removeAttribute("aria-current");
    });
    var cell = link && link.closest("td");
    if (!cell) return;
    cell.classList.add("chosen");
    link.setAttribute("aria-current", "true");
  }

  // A form shown again with what was refused: the keyboard starts at the refusal, not at the top of the menu
  // (QA: after a refused form the focus sat on the page, seventeen links away). The summary at the top when
  // there is one (a screen reader says it first; its links lead to the fields), else the first field refused.
  // When the address names a place (#item-…, #shift-…: the line or card a form was sent from), the same inside
  // that place, else the place itself: the browser scrolls there but leaves the keyboard at the top of the page
  // (QA: a refused readiness line, a shift just checked in, with the focus on the page). Not when something
  // already has the focus (#cell-panel, focusable, takes it itself). With a place named, once the page has loaded and
  // the browser has scrolled to it: that scroll moves the focus back to the page when the place cannot take it.
  function startAtRefusal() {
    if (document.activeElement && document.activeElement !== document.body) return;
    var place = null;
    if (location.hash) {
      try { place = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { place = null; }
      if (!place) return;
    }
    var within = place || document.querySelector("main");
    if (!within) return;
    var target = within.querySelector("[role=alert]") || within.querySelector("[aria-invalid=true]") || place;
    if (!target) return;
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
  if (location.hash) {
    window.addEventListener("load", function () { setTimeout(startAtRefusal, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", startAtRefusal);
  }

  // A shift's "Kiêm cả" list never offers the site chosen as its own (roster would drop it): when the site select of
  // its form changes, that site's box is hidden and unticked, the others shown (the page drew it for the site chosen
  // then). Delegated, so that a cell panel swapped in by htmx needs nothing more.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[name=site_id]") || !select.form) return;
    select.form.querySelectorAll("fieldset.covers input[name=covers_site_ids]").forEach(function (box) {
      var own = box.value === select.value;
      if (own) box.checked = false;
      var item = box.closest("li");
      if (item) item.hidden = own;
    });
  });

  // The reminders form: a time ticked is the person's own choice, so the default's box is unticked, and the default
  // ticked unticks the times (QA: "Trước 2 giờ" ticked under the default's box, left ticked, was dropped). Without
  // this script both may be sent: the portal keeps the times and says so when saved.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.form || !box.checked) return;
    if (box.matches("input[type=checkbox][name=offsets]")) {
      var byDefault = box.form.querySelector("input[type=checkbox][name=use_default]");
      if (byDefault) byDefault.checked = false;
    } else if (box.matches("input[type=checkbox][name=use_default]")) {
      box.form.querySelectorAll("input[type=checkbox][name=offsets]").forEach(function (time) { time.checked = false; });
    }
  });

  // A board cell's people pickers (the plan form's, each shift's "Đổi người"; QA: eighty leaders, no way to find
  // one): the search box above each list is hidden in the page (without this script every name is listed) and
  // shown here. Typing hides the boxes whose name has no word that a word typed begins (lichtruc.text.starts_words:
  // "uyen" finds Nguyễn Thị Uyên, not every Nguyễn), both folded as lichtruc.text.fold folds
  // (the page's data-name; no diacritics, đ as d, lower case, NFC or NFD alike, no invisible characters): "nguyen
  // van hung" finds Nguyễn Văn Hùng, and so does a name pasted with a zero-width space in it (QA). A ticked box hidden stays ticked and is sent with the form; how many match is said (aria-live), and how
  // many ticked are hidden. Delegated, so that a cell panel swapped in by htmx needs only its boxes shown.
  var PEOPLE_SEARCH = "[data-people-search] input[type=search]";
  function fold(text) {
    return text.normalize("NFD").replace(/[đĐ]/g, "d").replace(/[\p{Mn}\p{Cf}]/gu, "").replace(/[\s_]+/g, " ").trim()
      .toLowerCase();
  }
  function showPeopleSearches() {
    document.querySelectorAll("[data-people-search][hidden]").forEach(function (el) { el.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", showPeopleSearches);
  document.addEventListener("htmx:afterSwap", showPeopleSearches);

  // The plan form's notes judged again at the times typed (K2, cell/picker-notes) come with the order they give
  // (#plan-p-order: the free and rested first, as the page first draws them): the boxes not ticked are put in it, each
  // ticked one left in its place — what the manager chose does not move under the pointer — and the keyboard stays
  // where it was (moving a focused box would drop it to the page). Names the order does not know keep theirs, last.
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var order = event.target;
    if (!order || !order.matches || !order.matches("[data-picker-order]")) return;
    var scroll = document.getElementById(order.getAttribute("data-picker-order"));
    var list = scroll && scroll.querySelector("ul[data-judged]");
    if (!list) return;
    var place = {};
    (order.getAttribute("data-order") || "").split(" ").filter(Boolean).forEach(function (id, i) { place[id] = i; });
    var items = Array.prototype.slice.call(list.children);
    function ticked(li) { return !!li.querySelector("input:checked"); }
    function rank(li) {
      var box = li.querySelector("input");
      var at = box ? place[box.value] : undefined;
      return at === undefined ? items.length + items.indexOf(li) : at;
    }
    var free = items.filter(function (li) { return !ticked(li); }).sort(function (a, b) { return rank(a) - rank(b); });
    var next = 0;
    var wanted = items.map(function (li) { return ticked(li) ? li : free[next++]; });
    if (wanted.every(function (li, i) { return li === items[i]; })) return;
    var focused = document.activeElement;
    wanted.forEach(function (li) { list.appendChild(li); });
    if (focused && focused !== document.activeElement && list.contains(focused)) focused.focus({ preventScroll: true });
  });
  function narrowPeople(box) {
    var list = document.getElementById(box.closest("[data-people-search]").getAttribute("data-people-search"));
    if (!list) return;
    var words = fold(box.value).split(" ").filter(Boolean);
    var items = list.querySelectorAll("li[data-name]");
    var shown = 0, hiddenTicked = 0;
    items.forEach(function (item) {
      var names = item.getAttribute("data-name").split(" ");
      var match = words.every(function (word) {
        return names.some(function (part) { return part.indexOf(word) === 0; });
      });
      item.hidden = !match;
      if (match) shown++;
      else if (item.querySelector("input:checked")) hiddenTicked++;
    });
    // A group none of whose names matches is hidden with its heading; the unqualified, folded away, open when one
    // of them matches.
    list.querySelectorAll("ul.people-list").forEach(function (group) {
      var empty = !group.querySelector("li[data-name]:not([hidden])");
      var others = group.closest("details.people-others");
      if (others) {
        others.hidden = empty;
        if (words.length && !empty) others.open = true;
        return;
      }
      group.hidden = empty;
      var heading = group.previousElementSibling;
      if (heading && heading.matches(".hint")) heading.hidden = empty;
    });
    var said = document.getElementById(box.getAttribute("aria-describedby"));
    if (!said) return;
    var text = "";
    if (words.length) {
      // a list of one person has its own words where the language needs them ("1 of 1 person matches", not "people")
      var shownAttr = items.length === 1 && box.hasAttribute("data-shown-one") ? "data-shown-one" : "data-shown";
      text = shown
        ? box.getAttribute(shownAttr).replace("{shown}", shown).replace("{total}", items.length)
        : box.getAttribute("data-none").replace("{query}", box.value.trim());
      if (hiddenTicked) text += " " + box.getAttribute("data-hidden-ticked").replace("{hidden}", hiddenTicked);
    }
    said.textContent = text;
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(PEOPLE_SEARCH)) narrowPeople(event.target);
  });
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.isComposing || !box.matches || !box.matches(PEOPLE_SEARCH)) return;
    if (event.key === "Enter") {
      event.preventDefault();  // Enter in the search sends no form: the form's own button does
    } else if (event.key === "Escape" && box.value) {
      event.preventDefault();
      box.value = "";
      narrowPeople(box);
    }
  });

  // The plan form's server search ("Tìm", its picker's: at more than 50 staff) is the form's first button, so that
  // without script Enter in its box searches; with script Enter in the form's other boxes still plans the shift.
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || event.isComposing || !box.matches || !box.matches("#plan-form input")) return;
    if (box.matches("input[type=search], input[type=checkbox], input[type=radio]")) return;
    var form = box.form, find = form && form.querySelector("[id$=-find-submit]");
    var plan = form && form.querySelector("button[type=submit]:not([formaction]):not([name])");
    if (!find || !plan) return;
    event.preventDefault();
    form.requestSubmit(plan);
  });

  // Elements with data-confirm ask before submitting (cancel a shift, revoke a link); the answer goes with the
  // form as the box without script sends it (confirmed=yes), for the portal acts on nothing unconfirmed.
  // A required box holding only spaces passes the browser's own check but not the service's: it is said at the
  // box (its data-blank words) before anything is asked, so that only a form that would be accepted is confirmed.
  var REQUIRED_BOXES = "textarea[required], input[required]:not([type=checkbox]):not([type=radio])";
  function blankRequired(form) {
    var boxes = form.querySelectorAll(REQUIRED_BOXES);
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].value.trim()) return boxes[i];
    }
    return null;
  }
  // Every required control left empty, on every form, is told at the control in the page's language and the
  // portal's words, not the browser's ("Please fill out this field." on a Vietnamese page; QA): the control's own
  // data-blank, else the body's words for its kind (a box, a list, a choice of options, a box to tick, a file).
  // Without this script the browser's own words stay, and each handler refuses a blank field in words.
  function blankWords(box) {
    var kind = box.tagName === "SELECT" ? "choose"
      : box.type === "file" ? "file"
      : box.type === "radio" ? "one_of"
      : box.type === "checkbox" ? "tick"
      : "fill";
    return box.getAttribute("data-blank") || document.body.getAttribute("data-blank-" + kind) || " ";
  }
  // The browser's other checks speak its language too ("Value must be greater than or equal to 0.", "Please include
  // an '@' in the email address." on a Vietnamese page; QA): each is told in the body's data-check-* words, which say
  // what to write and name the bound, written as the portal writes it (20160, 20/01/2027, 07:30, 07:30 20/01/2027).
  // A check without words here (a month box) keeps the browser's.
  var BOUNDED = {number: "number", range: "number", date: "date", time: "time", "datetime-local": "datetime"};
  function portalWritten(what, value) {
    var day = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    var clock = /(?:^|T)(\d{2}:\d{2})(:\d{2})?/.exec(value);
    var hhmm = clock ? clock[1] + (clock[2] && clock[2] !== ":00" ? clock[2] : "") : "";
    // a day as the page's language writes it (vntime.date_said): "07/02/2027", or "7 Feb 2027" where the page
    // gives the months' names (an English page)
    var months = (document.body.getAttribute("data-months") || "").split(" ");
    var said = day && (months.length === 12
      ? Number(day[3]) + " " + months[Number(day[2]) - 1] + " " + day[1]
      : day[3] + "/" + day[2] + "/" + day[1]);
    if (what === "date" && day) return said;
    if (what === "time" && clock) return hhmm;
    if (what === "datetime" && day && clock) return hhmm + " " + said;
    return value;
  }
  function checkWords(box) {
    var validity = box.validity, what = BOUNDED[box.type];
    function say(rule, values) {
      var words = document.body.getAttribute("data-check-" + rule);
      return words && words.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
    }
    if (validity.typeMismatch) return say(box.type, {});  // an e-mail or a web address: the only boxes it checks
    if (validity.badInput) return what ? say(what + "_bad", {}) : null;
    if (what && (validity.rangeUnderflow || validity.rangeOverflow)) {
      var min = box.min && portalWritten(what, box.min), max = box.max && portalWritten(what, box.max);
      return say(what + (min && max ? "_between" : min ? "_from" : "_to"), {min: min, max: max});
    }
    if (what === "number" && validity.stepMismatch) {
      // the two nearest values the box takes, counted from its min (else 0) by its step
      var step = Number(box.step) || 1, base = Number(box.min) || 0;
      var low = base + Math.floor((Number(box.value) - base) / step) * step;
      var whole = step === 1 && base === Math.floor(base);
      return say(whole ? "number_whole" : "number_step", {low: low, high: low + step});
    }
    if (validity.patternMismatch) {
      var words = say("pattern", {});
      return words && box.title ? words + " " + box.title : words;
    }
    if (validity.tooLong) return say("too_long", {max: box.maxLength, length: box.value.length});
    if (validity.tooShort) return say("too_short", {min: box.minLength, length: box.value.length});
    return null;
  }
  var said = [];  // the controls told so: a change in one takes the words back
  function sayAt(box, words) {
    box.setCustomValidity(words);
    if (said.indexOf(box) < 0) said.push(box);
  }
  // Typed in, chosen, ticked: the words go (a radio's from its whole group, every one of which was told); the
  // browser checks the new value at the next send, and the words for what is wrong with it are set then.
  function takeBack(event) {
    var changed = event.target;
    said = said.filter(function (box) {
      var same = box === changed || (changed.type === "radio" && box.type === "radio" && box.name === changed.name &&
        box.form === changed.form);
      if (same) box.setCustomValidity("");
      return !same;
    });
  }
  document.addEventListener("input", takeBack);
  document.addEventListener("change", takeBack);
  // The browser's own check stops a control left empty or out of its rules before any submit, firing `invalid` at
  // each: the words are set then, before its bubble reads them. `invalid` does not bubble: caught on its way down.
  document.addEventListener("invalid", function (event) {
    var box = event.target;
    if (!box.validity) return;
    var words = box.validity.valueMissing ? blankWords(box) : checkWords(box);
    if (words) sayAt(box, words);
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (!question) return;
    // an answer picked may carry its own words (a requirement's removal: from now on, or for the whole campaign)
    var picked = form.querySelector("input[type=radio][data-confirm]:checked");
    if (picked) question = picked.getAttribute("data-confirm");
    var blank = blankRequired(form);
    if (blank) {
      event.preventDefault();
      event.stopPropagation();
      sayAt(blank, blank.getAttribute("data-blank") || document.body.getAttribute("data-blank") || " ");
      blank.reportValidity();
      return;
    }
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (!form.querySelector("input[type=hidden][name=confirmed]")) {
      var answer = document.createElement("input");
      answer.type = "hidden";
      answer.name = "confirmed";
      answer.value = "yes";
      form.appendChild(answer);
    }
  }, true);

  // A shift's form drawn on demand (a board card's link: htmx brings that card, the one form drawn in it): the keyboard
  // goes to its first field, as it would to the form opened without script (the address's #edit-…: the browser goes
  // there). Escape in the form, or its "Đóng biểu mẫu", takes it away — what was typed in it with it — and puts the
  // keyboard back on the link that drew it; without this script that link opens the cell's page without the form.
  // Registered after the people search's Escape (which empties its box first) and before the panel's (back to the
  // cell), which then leaves it alone.
  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  document.addEventListener("htmx:load", function (event) {
    var card = event.detail && event.detail.elt;
    if (!card || !card.matches || !card.matches(".shift-card")) return;
    var drawn = card.querySelector("[data-drawn-form]");
    if (!drawn) return;
    var first = Array.prototype.find.call(drawn.querySelectorAll(FIELDS), function (el) {
      return el.getClientRects().length > 0;
    });
    (first || drawn.querySelector("h5")).focus();
  });
  // A refused form is drawn again with why above it, in its card (its summary, which has the keyboard when the page
  // loads: QZ10 #14, Escape there went to the board's cell and left the form open): Escape there closes the form as
  // Escape in it does, and closing takes those words with it.
  function drawnOf(here) {
    var drawn = here && here.closest && here.closest("[data-drawn-form]");
    if (drawn) return drawn;
    var refusal = here && here.closest && here.closest("[data-refusal-of]");
    var card = refusal && refusal.closest(".shift-card");
    return card && card.querySelector("[data-drawn-form='" + refusal.getAttribute("data-refusal-of") + "']");
  }
  function closeDrawn(drawn) {
    var card = drawn.closest(".shift-card");
    var form = drawn.getAttribute("data-drawn-form");
    var link = card && card.querySelector("[data-form-link='" + form + "']");
    var refusal = card && card.querySelector("[data-refusal-of='" + form + "']");
    if (refusal) refusal.remove();
    drawn.remove();
    if (!link) return;
    link.removeAttribute("aria-current");
    link.focus();
  }
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-form]");
    var drawn = close && close.closest("[data-drawn-form]");
    if (!drawn) return;
    event.preventDefault();
    closeDrawn(drawn);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
    var drawn = drawnOf(document.activeElement);
    if (!drawn) return;
    event.preventDefault();
    closeDrawn(drawn);
  });

  // The Department's abbreviation ('Thông tin Sở'): the summary's number as it will print ("Số: …/BC-SKHCN") is said
  // under the box as it and the Department's name are typed, before saving; the box empty, the name's initials as
  // roster takes them (domain.department.default_abbreviation: "và" left out, Đ kept, other letters without their
  // marks, a word in capitals kept whole). Without this script the line says the number saved.
  function plainCapital(letter) {
    if (letter === "Đ" || letter === "đ") return "Đ";
    return letter.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();
  }
  function initials(name) {
    var letters = "";
    (name.match(/[\p{L}\p{N}_]+/gu) || []).forEach(function (word) {
      var plain = word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      if (plain === "va") return;
      var capitals = word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
      letters += capitals ? Array.from(word).map(plainCapital).join("") : plainCapital(Array.from(word)[0]);
    });
    return Array.from(letters).filter(function (c) { return /[A-Z0-9Đ]/.test(c); }).slice(0, 20).join("");
  }
  function showSymbol(box) {
    var shown = document.getElementById(box.getAttribute("data-symbol-shown"));
    var name = document.getElementById(box.getAttribute("data-symbol-of"));
    if (!shown || !name) return;
    var typed = box.value.trim();
    var symbol = typed || initials(name.value);
    shown.hidden = !symbol;
    // only what roster would accept is shown as printed (QZ10: "…/BC-sở kh-cn" was): else the rule, or the capitals
    var ok = /^[A-Z0-9Đ]+$/;
    var said = !typed ? "data-symbol-from-name" : ok.test(typed) ? "data-symbol-typed" :
      ok.test(typed.toUpperCase()) ? "data-symbol-capitals" : "data-symbol-refused";
    shown.textContent = (box.getAttribute(said) || "").replace("{symbol}", said === "data-symbol-capitals" ?
      typed.toUpperCase() : symbol).replace("{typed}", typed);
    if (!typed) box.placeholder = symbol;
  }
  document.addEventListener("DOMContentLoaded", function () {  // a refused form shown again: what it holds
    document.querySelectorAll("[data-symbol-of]").forEach(showSymbol);
  });
  document.addEventListener("input", function (event) {
    var box = event.target.closest("[data-symbol-of]") ||
      document.querySelector("[data-symbol-of='" + (event.target.id || "-") + "']");
    if (box) showSymbol(box);
  });

  // The keyboard in the board's cell panel (QA 2026-12-06): Escape leaves the panel for the cell it was opened from,
  // and Shift+Tab from the panel (or its first control) goes back to that cell, not to the board's last cell (the one
  // before the panel in the page's order). Registered after the people search's Escape, which empties its box first.
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), " +
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
  function firstControl(panel) {
    var found = panel.querySelectorAll(FOCUSABLE);
    for (var i = 0; i < found.length; i++) {
      if (found[i].getClientRects().length) return found[i];
    }
    return null;
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    var panel = document.getElementById("cell-panel");
    var here = document.activeElement;
    if (!panel || !here || !panel.contains(here)) return;
    var cell = document.querySelector(".board-grid td.chosen a");
    if (!cell) return;
    var back = event.key === "Escape" || (event.key === "Tab" && event.shiftKey &&
      (here === panel || here === panel.querySelector("h2") || here === firstControl(panel)));
    if (!back) return;
    event.preventDefault();
    cell.focus();
  });
  // A long text box carries its service's limit as data-max (domain/text_limits.py), not maxlength: a browser cuts a
  // long paste at its maxlength mid-word with no word said, and the report sent is cut short for good (QZ14 #2: 8,150
  // characters pasted into section V, 8,000 kept, "Còn 0 ký tự." the only sign). The box keeps all that was typed;
  // under it, once near its limit, how much more it takes, "Còn 120 ký tự." (the body's data-text-left words), and
  // past it by how much, "Thừa 150 ký tự — …" (data-text-over), in the error style, describing the box; a form holding
  // such a box is not sent (below), and the portal refuses it by the box's label, the text kept, without this script.
  // Counted as the service stores it: trimmed at either end (the portal sends it on so), a line break one character
  // (the box's value holds LF; the browser sends CR LF, which the portal makes LF before it counts: api/text.py
  // LfForm); the portal's own check counts the same (domain/text_limits.py `sent_length`, QZ19 #10).
  var NEAR = 0.1;  // shown from the last tenth of the box on, or its last 20 characters — never from its first half:
  // a phone number's box of 30 said "Còn 18 ký tự." under 12 digits, in its description too
  function sentLength(box) {
    return box.value.replace(/\r\n?/g, "\n").trim().length;
  }
  function describedBy(box, id, on) {
    var ids = (box.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (one) { return one && one !== id; });
    if (on) ids.push(id);
    if (ids.length) box.setAttribute("aria-describedby", ids.join(" "));
    else box.removeAttribute("aria-describedby");
  }
  function textLeft(box) {
    var note = box.portalTextLeft;
    if (!note) {
      note = box.portalTextLeft = document.createElement("p");
      note.id = (box.id || "box") + "-left";
      note.tabIndex = -1;  // focused when a send is stopped by it
      note.setAttribute("aria-live", "polite");
      box.insertAdjacentElement("afterend", note);
    }
    var max = Number(box.getAttribute("data-max")), left = max - sentLength(box);
    var over = left < 0, shown = over || left <= Math.min(max / 2, Math.max(20, Math.ceil(max * NEAR)));
    var words = document.body.getAttribute(over ? "data-text-over" : "data-text-left") || "{n}";
    note.className = over ? "error text-left" : "hint text-left";
    note.hidden = !shown;
    note.textContent = shown ? words.replace("{n}", String(Math.abs(left))).replace("{max}", String(max)) : "";
    describedBy(box, note.id, shown);
    if (over) {
      box.setAttribute("aria-invalid", "true");
      box.portalOver = true;
    } else if (box.portalOver) {  // only what this script set: the portal's own refusal stays until sent again
      box.removeAttribute("aria-invalid");
      box.portalOver = false;
    }
    return over;
  }
  // A single-line box with data-max (its limit in the same table) is counted the same way.
  var LIMITED = "textarea[data-max], input[data-max]";
  function watchTextBoxes(root) {
    root.querySelectorAll(LIMITED).forEach(textLeft);
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if ((box instanceof HTMLTextAreaElement || box instanceof HTMLInputElement) && box.hasAttribute("data-max")) textLeft(box);
  });
  document.addEventListener("DOMContentLoaded", function () { watchTextBoxes(document); });
  document.addEventListener("htmx:load", function (event) { watchTextBoxes(event.target); });
  // A form holding a box past its limit is not sent (nor asked about: caught on the window, before data-confirm's
  // question and htmx); the keyboard goes to the first such box's words, which say by how much. Not a `novalidate`
  // form: the portal says its every mistake in one answer, the text too long among them (kept as typed), where this
  // stop said it alone and the others only at the next send (QZ25 #4: the inspection plan's purpose).
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.noValidate) return;
    var boxes = form.querySelectorAll(LIMITED);
    for (var i = 0; i < boxes.length; i++) {
      if (!textLeft(boxes[i])) continue;
      event.preventDefault();
      event.stopPropagation();
      boxes[i].portalTextLeft.focus();
      return;
    }
  }, true);

  // A choice that follows another (data-follows: the id of the select it follows) offers only the option groups of
  // the option chosen there (each group's data-enterprise), all of them while none is: the inspection plan's sites,
  // those of the enterprise chosen (QZ25 #4: every enterprise's were offered). A choice the new one leaves out is
  // cleared. Without this script every group is offered, and the portal refuses a site of another enterprise. A page
  // drawn with such a choice (the portal's refusal of one sent without script) keeps its group until the first
  // change, so that the choice its words name is still in sight.
  function follow(select, drawn) {
    var leader = document.getElementById(select.getAttribute("data-follows"));
    if (!leader) return;
    if (!select.portalGroups) select.portalGroups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
    var chosen = leader.value;
    var picked = select.value;
    var kept = drawn && select.selectedIndex >= 0 ? select.options[select.selectedIndex].parentNode : null;
    select.portalGroups.forEach(function (group) {
      var offered = !chosen || group.getAttribute("data-enterprise") === chosen || group === kept;
      if (offered && group.parentNode !== select) select.appendChild(group);
      if (!offered && group.parentNode === select) select.removeChild(group);
    });
    // the groups back in their first order
    select.portalGroups.forEach(function (group) { if (group.parentNode === select) select.appendChild(group); });
    if (picked && !Array.prototype.some.call(select.options, function (o) { return o.value === picked; })) select.value = "";
    else if (picked) select.value = picked;
  }
  function followAll(root) {
    root.querySelectorAll("select[data-follows]").forEach(function (select) { follow(select, true); });
  }
  document.addEventListener("change", function (event) {
    var leader = event.target;
    if (!(leader instanceof HTMLSelectElement) || !leader.id) return;
    document.querySelectorAll("select[data-follows='" + leader.id + "']").forEach(function (select) { follow(select, false); });
  });
  document.addEventListener("DOMContentLoaded", function () { followAll(document); });
  document.addEventListener("htmx:load", function (event) { followAll(event.target); });

  // A list's filters applied in place (htmx with hx-push-url: admin/_parts.html `filters`, the staff list) come back
  // with Back as they were for the results beside them (QZ15: search 'nguyen', then 'tran', Back: 'nguyen''s results
  // under an empty box, and 'Lọc' then dropped the filter). htmx keeps the page it leaves as its markup, taken as it
  // sends the next search: what a person typed is not in the markup (the box as drawn, empty) — and the box already
  // holds the next search anyway. So once results are swapped in, the values sent for them become the form's markup
  // (each control's default): the page htmx keeps holds the search that drew its results. A page htmx must ask the
  // server for again is drawn from its address, which the templates echo.
  document.addEventListener("htmx:afterSwap", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var form = config && config.elt;
    if (!form || !form.matches || !form.matches("form[hx-push-url]") || config.verb !== "get" || !config.formData) return;
    var sent = config.formData;
    Array.prototype.forEach.call(form.elements, function (box) {
      if (!box.name) return;
      var values = sent.getAll(box.name).map(String);
      if (box.tagName === "SELECT") {
        Array.prototype.forEach.call(box.options, function (option) { option.defaultSelected = values.indexOf(option.value) >= 0; });
      } else if (box.type === "checkbox" || box.type === "radio") {
        box.defaultChecked = values.indexOf(box.value) >= 0;
      } else if (box.tagName === "INPUT" || box.tagName === "TEXTAREA") {
        box.defaultValue = values.length ? values[0] : "";
      }
    });
  });

  // The account form: a staff record chosen fills the name, and proposes the record's e-mail as the login, in the boxes
  // still empty — or still holding what an earlier choice filled — never over what the administrator typed (QZ21 #6:
  // the name typed again by hand). Without script the boxes are typed as before.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLSelectElement) || !box.form) return;
    var option = box.options[box.selectedIndex];
    if (!box.querySelector("option[data-fill-name]")) return;
    [["display_name", "data-fill-name"], ["login", "data-fill-login"]].forEach(function (pair) {
      var target = box.form.elements.namedItem(pair[0]);
      if (!(target instanceof HTMLInputElement)) return;
      var value = (option && option.getAttribute(pair[1])) || "";
      var filled = target.getAttribute("data-filled");
      if (target.value !== "" && target.value !== filled) return;
      target.value = value;
      if (value) target.setAttribute("data-filled", value); else target.removeAttribute("data-filled");
      target.dispatchEvent(new Event("input", { bubbles: true }));  // the text limits' words follow
    });
  });

  // A form sent again from the browser's history changes nothing twice (clients/services.py: a form's `form_key` and
  // what it asks make roster's Idempotency-Key). Pages are `no-store`, so Back draws the form again, with a new key
  // and the clock's "now" in its time boxes, while the browser puts back only what the person typed (QA: record an
  // incident, Back, send again: two incidents, two alert mails). The keys a page was drawn with, and the values its
  // boxes marked data-drawn were drawn with, stay in its history entry (history.state, kept by the browser for the
  // entry, not the page): the page drawn again for that entry takes them back, so the form sent again is the same
  // request. A form opened anew (a link, the menu) is a new entry: a new key, a new request. Matched by the form's
  // action and its place among the forms of that action.
  document.addEventListener("DOMContentLoaded", function () {
    var state = history.state && typeof history.state === "object" ? history.state : {};
    var kept = state.formKeys || {};
    var drawn = {};
    var seen = {};
    document.querySelectorAll("form input[name='form_key']").forEach(function (input) {
      var action = input.form.getAttribute("action") || location.pathname;
      seen[action] = (seen[action] || 0) + 1;
      var id = action + "#" + seen[action];
      var before = kept[id];
      if (before && before.key) {
        input.value = before.key;
        input.form.querySelectorAll("input[data-drawn]").forEach(function (box) {
          // what the person typed, put back by the browser, stays; a box as drawn takes the value first drawn
          if (box.value === box.defaultValue && before.drawn && box.name in before.drawn) box.value = before.drawn[box.name];
        });
      }
      var values = {};
      input.form.querySelectorAll("input[data-drawn]").forEach(function (box) { values[box.name] = box.defaultValue; });
      if (before && before.drawn) Object.keys(before.drawn).forEach(function (name) { values[name] = before.drawn[name]; });
      drawn[id] = { key: input.value, drawn: values };
    });
    if (Object.keys(drawn).length === 0 && !state.formKeys) return;
    var next = {};
    Object.keys(state).forEach(function (name) { next[name] = state[name]; });
    next.formKeys = drawn;
    history.replaceState(next, "");
  });

  // The Tết-hours form's "Chép giờ …" (QZ24 #1) in place: the day's "Mở cửa" and sessions, as typed, into the days
  // after it its choice takes (every one, up to a day, or those still empty: open, no time typed), their notes kept;
  // each marked "Chép từ …, chưa lưu" and what was done said under the button (role=status), in the words the portal
  // says them with (the form's data-copy-…). Nothing is sent: the manager saves with "Lưu". A day whose times do not
  // read as domain/tet_hours.py `read_form` reads them (a time that is none, half a session, one closing before it
  // opens, two overlapping) is left to the server, which says why beside the day (the button's own round trip, as
  // without script). The rows copied into lose what was said of their times only.
  var HHMM = /^([0-9]{1,2})(?:[:hH.]([0-9]{2})|[hH])$/;
  function minutesOf(text, closing) {
    var found = HHMM.exec(text);
    if (!found) return null;
    var hours = Number(found[1]), mins = Number(found[2] || 0);
    if (mins > 59 || hours > 24 || (hours === 24 && (mins || !closing))) return null;
    return hours * 60 + mins;
  }
  function hoursRead(row) {  // true when the day's times read; they need no copying when it is open with none
    var day = row.getAttribute("data-day"), spans = [];
    for (var n = 1; ; n++) {
      var from = row.querySelector("input[name='a" + n + "-" + day + "']");
      var to = row.querySelector("input[name='b" + n + "-" + day + "']");
      if (!from || !to) break;
      var a = from.value.trim(), b = to.value.trim();
      if (!a && !b) continue;
      var opens = minutesOf(a, false), closes = minutesOf(b, true);
      if (opens === null || closes === null || closes <= opens) return false;
      spans.push([opens, closes]);
    }
    spans.sort(function (x, y) { return x[0] - y[0]; });
    for (var i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) return false;
    return true;
  }
  function timeBoxes(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input.hhmm"));
  }
  function openBox(row) {
    return row.querySelector("input[name='open-" + row.getAttribute("data-day") + "']");
  }
  function emptyDay(row) {
    return openBox(row).checked && timeBoxes(row).every(function (box) { return !box.value.trim(); });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[name=copy]");
    var form = button && button.form;
    if (!form || form.id !== "tet-hours-form") return;
    var day = button.value;
    var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-day]"));
    var at = rows.findIndex(function (row) { return row.getAttribute("data-day") === day; });
    if (at < 0) return;
    var source = rows[at];
    var said = document.getElementById("copied-" + day);
    function say(key, values) {
      var text = form.getAttribute("data-copy-" + key) || "";
      Object.keys(values).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
      said.textContent = text;
      said.classList.toggle("error", key !== "done" && key !== "done-one");
    }
    var short = source.getAttribute("data-short");
    if (emptyDay(source)) { event.preventDefault(); say("nothing", { day: short }); return; }
    if (!hoursRead(source)) return;  // the server says what is wrong, beside the day
    event.preventDefault();
    var checked = form.querySelector("input[name='copy_scope-" + day + "']:checked");
    var scope = checked ? checked.value : "rest";
    var until = (form.elements.namedItem("copy_until-" + day) || {}).value || "";
    var targets = rows.slice(at + 1).filter(function (row) {
      var other = row.getAttribute("data-day");
      return scope === "until" ? other <= until : scope === "empty" ? emptyDay(row) : true;
    });
    if (!targets.length) {
      say("no_targets_" + (scope === "until" || scope === "empty" ? scope : "rest"), { day: short });
      return;
    }
    var open = openBox(source).checked, times = timeBoxes(source).map(function (box) { return box.value.trim(); });
    targets.forEach(function (row) {
      openBox(row).checked = open;
      timeBoxes(row).forEach(function (box, i) {
        box.value = times[i] || "";
        box.removeAttribute("aria-invalid");
        if (box.getAttribute("aria-describedby") === "e-" + row.getAttribute("data-day")) box.setAttribute("aria-describedby", "time-hint");
      });
      var errors = form.querySelector("tr[data-errors-of='" + row.getAttribute("data-day") + "'][data-times-only]");
      if (errors) {
        errors.remove();
        var link = document.querySelector(".problems a[href='#day-" + row.getAttribute("data-day") + "']");
        if (link && link.closest("li")) link.closest("li").remove();
        row.classList.remove("invalid");
      }
      var latest = row.nextElementSibling;
      if (latest && latest.matches(".row-latest")) latest.remove();
      var head = row.querySelector("th[scope=row]");
      var tag = head.querySelector(".tag.copied");
      if (!tag) {
        tag = document.createElement("span");
        tag.className = "tag draft copied";
        head.appendChild(document.createTextNode(" "));
        head.appendChild(tag);
      }
      tag.textContent = (form.getAttribute("data-copy-tag") || "").split("{day}").join(short);
      // the mark travels with the form (a later copy the server makes, a refused save), as the server draws it
      var marked = form.elements.namedItem("copied_from-" + row.getAttribute("data-day"));
      if (marked) marked.value = day;
    });
    var days = targets.map(function (row) { return row.getAttribute("data-short"); }).join(", ");
    say(targets.length === 1 ? "done-one" : "done", { day: short, count: String(targets.length), days: days });
  });
})();
