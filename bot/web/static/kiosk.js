/* The kiosk around the chat widget: bigger text, read aloud, print, and the wipe between
 * residents. The wipe (idle timer or the Clear button) asks the bot to forget the
 * conversation, empties the screen, resets every setting and clears the browser's
 * storage: nothing of one resident stays for the next. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  window.LevalloisChat.ready.then(function (chats) {
    var chat = chats[0];
    var config = chat.config;
    var bigger = byId("kiosk-bigger");
    var read = byId("kiosk-read");
    var print = byId("kiosk-print");
    var clear = byId("kiosk-clear");
    var dialog = byId("kiosk-idle");
    var dialogText = byId("kiosk-idle-text");
    var status = byId("kiosk-status");
    var idleTimer = null;
    var countdown = null;

    /* The kiosk's own texts and the document's language follow the conversation. */
    function relabel() {
      var info = chat.languageInfo(chat.language);
      document.documentElement.lang = chat.language;
      document.documentElement.dir = info.dir;
      document.title = chat.t("kiosk_page_title");
      byId("kiosk-name").textContent = chat.t("kiosk_page_title");
      byId("kiosk-tools").setAttribute("aria-label", chat.t("toolbar_label"));
      bigger.textContent = chat.t("bigger_text");
      read.textContent = chat.t("read_aloud");
      print.textContent = chat.t("print");
      // "Effacer / Clear": the next resident may not read the current language.
      clear.replaceChildren(chat.t("clear"));
      if (chat.language !== "en" && config.texts.en) {
        var english = document.createElement("span");
        english.lang = "en";
        english.dir = "ltr";
        english.textContent = config.texts.en.clear;
        clear.append(" / ", english);  // the separator outside the isolated English word
      }
      byId("kiosk-idle-title").textContent = chat.t("idle_title");
      byId("kiosk-continue").textContent = chat.t("idle_continue");
    }

    function setBigger(on) {
      document.documentElement.classList.toggle("kiosk-bigger", on);
      bigger.setAttribute("aria-pressed", String(on));
    }

    function readAloud() {
      var reply = chat.lastReply();
      if (!reply || !window.speechSynthesis) return;
      var info = chat.languageInfo(reply.lang);
      var text = reply.querySelector(".chat-text").innerText;
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = info ? info.locale : reply.lang;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    }

    function somethingToWipe() {
      return chat.messages > 0 || chat.language !== config.defaultLanguage ||
        bigger.getAttribute("aria-pressed") === "true" || chat.input.value !== "";
    }

    function wipe() {
      stopWarning();
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      chat.wipe();
      setBigger(false);
      try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* none */ }
      status.textContent = chat.t("wiped");
      chat.input.focus();
      restartIdle();
    }

    function stopWarning() {
      clearInterval(countdown);
      countdown = null;
      if (dialog.open) dialog.close();
    }

    function warn() {
      if (!somethingToWipe()) { restartIdle(); return; }
      var left = config.warningSeconds;
      var say = function () { dialogText.textContent = chat.t("idle_text").replace("{seconds}", left); };
      say();
      dialog.showModal();
      byId("kiosk-continue").focus();
      countdown = setInterval(function () {
        left -= 1;
        if (left <= 0) { wipe(); return; }
        say();
      }, 1000);
    }

    function restartIdle() {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(warn, config.idleSeconds * 1000);
    }

    /* Any touch, key or reply means someone is there. */
    function activity() {
      if (!countdown) restartIdle();
    }

    bigger.addEventListener("click", function () {
      setBigger(bigger.getAttribute("aria-pressed") !== "true");
    });
    read.addEventListener("click", readAloud);
    print.addEventListener("click", function () { window.print(); });
    clear.addEventListener("click", wipe);
    byId("kiosk-continue").addEventListener("click", function () { stopWarning(); restartIdle(); });
    dialog.addEventListener("cancel", function () { stopWarning(); restartIdle(); });
    ["pointerdown", "keydown", "input"].forEach(function (name) {
      document.addEventListener(name, activity, { passive: true });
    });
    chat.onEvent(function (name) {
      if (name === "language") relabel();
      if (name === "received" || name === "sent") activity();
    });
    if (!window.speechSynthesis) read.hidden = true;
    relabel();
    restartIdle();
    document.documentElement.dataset.kiosk = "ready";
  });
})();
