/* The chat widget: a conversation with the assistant over Rasa's socket.io channel.
 *
 * Mounted on every element carrying `data-chat`, configured by the JSON of
 * #chat-config (or, when embedded in another site, by `<web app>/config.json`).
 * Accessibility (RGAA 4.1): the conversation is a role="log" region, so every message is
 * announced; each message carries the `lang` and `dir` the bot sent; buttons are real
 * <button>s; the language menu is always on screen; links say they open a new window.
 * Nothing is stored in the browser: a page load starts a new conversation.
 */
(function () {
  "use strict";

  var counter = 0;
  function uid(prefix) { counter += 1; return prefix + "-" + counter; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  var URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)»]/g;

  /* Text with its web addresses turned into links that open the official sites. */
  function inline(text, newWindowLabel) {
    var nodes = [];
    var last = 0;
    text.replace(URL_PATTERN, function (url, index) {
      if (index > last) nodes.push(document.createTextNode(text.slice(last, index)));
      nodes.push(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [
        url, el("span", { class: "visually-hidden" }, [" (" + newWindowLabel + ")"]),
      ]));
      last = index + url.length;
      return url;
    });
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }

  var BULLET = /^\s*[-•]\s+/;

  /* A reply's text as paragraphs, line breaks and lists ("- item" lines). */
  function render(text, newWindowLabel) {
    var blocks = [];
    text.split(/\n\s*\n/).forEach(function (paragraph) {
      var lines = paragraph.split("\n");
      var current = null;
      var list = null;
      lines.forEach(function (line) {
        if (BULLET.test(line)) {
          if (!list) { list = el("ul"); blocks.push(list); current = null; }
          list.append(el("li", {}, inline(line.replace(BULLET, ""), newWindowLabel)));
          return;
        }
        list = null;
        if (!current) { current = el("p"); blocks.push(current); }
        else current.append(el("br"));
        current.append.apply(current, inline(line, newWindowLabel));
      });
    });
    return blocks;
  }

  function Chat(root, config, options) {
    this.root = root;
    this.config = config;
    this.options = options || {};
    this.language = config.defaultLanguage;
    this.sessionId = null;
    this.token = null;          // production: the socket.io token of this conversation
    this.renewal = null;
    this.socket = null;
    this.pending = [];
    this.messages = 0;
    this.listeners = [];
    this.build();
    this.connect();
    root.chat = this;
  }

  Chat.prototype.t = function (key) {
    var texts = this.config.texts;
    return (texts[this.language] || texts[this.config.defaultLanguage])[key];
  };

  Chat.prototype.languageInfo = function (code) {
    return this.config.languages.filter(function (l) { return l.code === code; })[0];
  };

  Chat.prototype.onEvent = function (listener) { this.listeners.push(listener); };

  Chat.prototype.emitEvent = function (name, detail, item) {
    this.listeners.forEach(function (listener) { listener(name, detail, item); });
  };

  Chat.prototype.build = function () {
    var self = this;
    var titleId = uid("chat-title");
    var menuId = uid("chat-languages");
    var inputId = uid("chat-input");
    this.root.classList.add("chat");
    this.root.setAttribute("aria-labelledby", titleId);
    this.title = el("h" + (this.options.headingLevel || 2), { id: titleId, class: "chat-title" });
    this.intro = el("p", { class: "chat-intro" });
    this.menuLabel = el("span", { id: menuId, class: "chat-languages-label" });
    this.menu = el("div", { class: "chat-languages", role: "group", "aria-labelledby": menuId },
      [this.menuLabel]);
    this.languageButtons = this.config.languages.map(function (language) {
      var button = el("button", { type: "button", lang: language.code, dir: language.dir,
        "data-lang": language.code, "aria-pressed": "false" }, [language.name]);
      button.addEventListener("click", function () { self.chooseLanguage(language.code); });
      self.menu.append(button);
      return button;
    });
    this.logLabel = uid("chat-log-label");
    this.log = el("div", { class: "chat-log", role: "log", "aria-live": "polite",
      "aria-relevant": "additions", tabindex: "0", "aria-label": "" });
    this.status = el("p", { class: "chat-status", role: "status" });
    this.label = el("label", { for: inputId });
    this.input = el("input", { id: inputId, type: "text", autocomplete: "off",
      enterkeyhint: "send", maxlength: "500" });
    this.sendButton = el("button", { type: "submit", class: "chat-send" });
    this.form = el("form", { class: "chat-form" }, [this.label, el("div", { class: "chat-entry" },
      [this.input, this.sendButton])]);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = self.input.value.trim();
      if (text) { self.send(text); self.input.value = ""; }
    });
    this.root.replaceChildren(this.title, this.intro, this.menu, this.log, this.status, this.form);
    this.setLanguage(this.language);
  };

  /* The widget's own texts follow the conversation's language. */
  Chat.prototype.setLanguage = function (code) {
    var info = this.languageInfo(code);
    if (!info) return;
    this.language = code;
    this.root.setAttribute("lang", code);
    this.root.setAttribute("dir", info.dir);
    this.title.textContent = this.t("chat_title");
    this.intro.textContent = this.t(this.options.introKey || "chat_intro");
    this.menuLabel.textContent = this.t("language_label");
    this.log.setAttribute("aria-label", this.t("log_label"));
    this.label.textContent = this.t("input_label");
    this.sendButton.textContent = this.t("send");
    this.languageButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === code));
    });
    this.emitEvent("language", code);
  };

  Chat.prototype.rasaUrl = function () {
    return this.config.rasaUrl || (location.protocol + "//" + location.hostname + ":5005");
  };

  /* The web app's token service (bot/web/chat_session.py). */
  Chat.prototype.session = function (body) {
    return fetch(new URL(this.config.sessionPath || "chat/session", this.config.appBase || location.href), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  };

  /* In production the socket.io channel opens a connection only with a short-lived token
   * naming its conversation (bot/channels/web_socketio.py). Asked at every (re)connection:
   * this conversation's token renewed, or a new conversation when it can no longer be; kept
   * fresh while the page is open. In development there is no token: the channel is open. */
  Chat.prototype.credentials = function () {
    var self = this;
    var renewing = Boolean(this.token);
    return this.session(renewing ? { token: this.token } : {}).then(function (r) {
      if (r.status === 401 && renewing) { self.token = null; return self.credentials(); }
      if (!r.ok) throw new Error("chat session: HTTP " + r.status);
      return r.json().then(function (session) {
        if (!session.token) return {};
        self.keep(session);
        self.sessionId = session.session_id;
        return { token: session.token };
      });
    });
  };

  /* Renews the token halfway through its life, for the next reconnection. */
  Chat.prototype.keep = function (session) {
    var self = this;
    this.token = session.token;
    clearTimeout(this.renewal);
    this.renewal = setTimeout(function () {
      self.session({ token: self.token }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (fresh) { if (fresh && fresh.session_id === self.sessionId) self.keep(fresh); })
        .catch(function () { /* the next connection asks again */ });
    }, Math.max(10, session.expires_in / 2) * 1000);
  };

  Chat.prototype.connect = function () {
    var self = this;
    var socket = io(this.rasaUrl(), { path: "/socket.io", forceNew: true,
      transports: ["websocket", "polling"], tryAllTransports: true, reconnectionDelayMax: 5000,
      auth: function (send) {
        self.credentials().then(send, function () { send({}); });
      } });
    this.socket = socket;
    this.ready = false;
    this.setStatus(this.t("connecting"));
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: self.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      self.sessionId = typeof sessionId === "string" ? sessionId : sessionId.session_id;
      self.ready = true;
      self.setStatus("");
      self.root.dataset.session = self.sessionId;
      self.pending.splice(0).forEach(function (message) { self.emitMessage(message); });
    });
    socket.on("bot_uttered", function (message) { self.receive(message); });
    socket.on("connect_error", function () { self.setStatus(self.t("offline")); });
    socket.on("disconnect", function () { self.ready = false; self.setStatus(self.t("connecting")); });
  };

  Chat.prototype.setStatus = function (text) {
    this.status.textContent = text;
    this.root.dataset.state = this.ready ? "ready" : "connecting";
  };

  /* `client` tells the web chat from the kiosk in the statistics (bot/analytics). */
  Chat.prototype.emitMessage = function (text) {
    this.socket.emit("user_uttered", { message: text, session_id: this.sessionId,
      metadata: { client: this.options.channel || "web" } });
  };

  /* Sends a message; `shown` is what the resident sees (a button's title). */
  Chat.prototype.send = function (text, shown) {
    this.append("user", shown || text, this.language, this.languageInfo(this.language).dir);
    if (this.ready) this.emitMessage(text); else this.pending.push(text);
    this.emitEvent("sent", text);
  };

  /* The explicit language choice the bot understands (intent choose_language). */
  Chat.prototype.chooseLanguage = function (code) {
    var info = this.languageInfo(code);
    this.setLanguage(code);
    this.send("/choose_language" + JSON.stringify({ ui_language: code }), info.name);
  };

  Chat.prototype.receive = function (message) {
    if (message.custom && message.custom.ticket) return this.showTicket(message);
    var self = this;
    var lang = message.lang || this.language;
    var info = this.languageInfo(lang);
    var dir = message.dir || (info ? info.dir : "ltr");
    if (message.lang && message.lang !== this.language && info) this.setLanguage(message.lang);
    var item = this.append("bot", message.text || "", lang, dir);
    var replies = message.quick_replies || message.buttons || [];
    if (replies.length) {
      var group = el("div", { class: "chat-replies" });
      replies.forEach(function (reply) {
        var button = el("button", { type: "button" }, [reply.title]);
        button.addEventListener("click", function () { self.send(reply.payload, reply.title); });
        group.append(button);
      });
      item.append(group);
    }
    this.emitEvent("received", message, item);   // feedback.js adds the thumbs
    this.reveal(item);
  };

  /* A handoff ticket (utter_handoff_ticket_kiosk): the number, large, and the desk to go to. */
  Chat.prototype.showTicket = function (message) {
    var ticket = message.custom.ticket;
    var lang = message.lang || this.language;
    var info = this.languageInfo(lang);
    var item = this.append("bot", "", lang, message.dir || (info ? info.dir : "ltr"));
    item.classList.add("chat-ticket");
    item.querySelector(".chat-text").replaceChildren(
      el("span", { class: "chat-ticket-label" }, [String(ticket.label || "")]),
      el("strong", { class: "chat-ticket-number", dir: "ltr" }, [String(ticket.number || "")]),
      el("span", { class: "chat-ticket-desk" }, [String(ticket.desk || "")]));
    this.reveal(item);
  };

  Chat.prototype.append = function (who, text, lang, dir) {
    var author = el("span", { class: "visually-hidden", lang: this.language },
      [this.t(who === "bot" ? "assistant" : "you") + " : "]);
    var body = el("div", { class: "chat-text" }, render(text, this.t("new_window")));
    var item = el("div", { class: "chat-message chat-" + who, lang: lang, dir: dir },
      [author, body]);
    this.log.append(item);
    this.messages += 1;
    this.reveal(item);
    return item;
  };

  /* Shows a new message; a reply taller than the log is shown from its beginning. */
  Chat.prototype.reveal = function (item) {
    var log = this.log;
    log.scrollTop = item.offsetHeight > log.clientHeight ? item.offsetTop - 8 : log.scrollHeight;
  };

  Chat.prototype.lastReply = function () {
    var replies = this.log.querySelectorAll(".chat-bot");
    return replies.length ? replies[replies.length - 1] : null;
  };

  /* Forget this resident: the bot deletes the conversation (forget_me), the screen is
   * emptied and a new socket with a new session id starts the next conversation. */
  Chat.prototype.wipe = function () {
    var old = this.socket;
    var oldSession = this.sessionId;
    old.off();  // nothing from the old session reaches the new screen
    if (this.ready && this.messages > 0) {
      old.emit("user_uttered", { message: "/forget_me", session_id: oldSession });
      setTimeout(function () { old.disconnect(); }, 3000);  // let the request leave
    } else {
      old.disconnect();
    }
    this.pending = [];
    this.messages = 0;
    this.sessionId = null;
    this.token = null;
    clearTimeout(this.renewal);
    this.ready = false;
    delete this.root.dataset.session;
    this.log.replaceChildren();
    this.input.value = "";
    this.setLanguage(this.config.defaultLanguage);
    this.connect();
    this.emitEvent("wiped", oldSession);
  };

  /* The page's own configuration, or the web app's when the widget is embedded elsewhere. */
  function loadConfig(script) {
    var node = document.getElementById("chat-config");
    var appBase = new URL("../", script.src).href;   // the web app serves this script
    var config = node ? Promise.resolve(JSON.parse(node.textContent))
      : fetch(new URL("config.json", appBase)).then(function (r) { return r.json(); });
    return config.then(function (values) { values.appBase = appBase; return values; });
  }

  window.LevalloisChat = { Chat: Chat, ready: null };
  window.LevalloisChat.ready = loadConfig(document.currentScript).then(function (config) {
    return Array.prototype.map.call(document.querySelectorAll("[data-chat]"), function (root) {
      var options = { headingLevel: Number(root.dataset.headingLevel) || 2,
        introKey: root.dataset.introKey || "chat_intro", channel: root.dataset.channel || "web" };
      return new Chat(root, config, options);
    });
  });
})();
