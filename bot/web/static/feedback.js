/* Thumbs up / down under the assistant's answers, and "what was wrong" after a thumbs down.
 *
 * Loaded after chat.js; hooks into every chat widget of the page. The answer's response
 * name and intent come with the bot's message (bot/nlg.py, bot/channels/web_socketio.py);
 * the web app stores them with the rating, the language and the channel, never the
 * conversation (bot/web/feedback_api.py). One set of thumbs per turn: on the turn's last
 * answer. Accessibility (RGAA 4.1): real <button>s with aria-pressed in a labelled group,
 * the result announced by a role="status" region, texts in the resident's language
 * (texts.yml), a labelled comment field with its hint, keyboard only.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  /* Material Design "thumb_up" (Apache License 2.0); the thumb down is the same, turned. */
  var THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
    "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";
  var script = document.currentScript;
  var counter = 0;

  function uid(prefix) { counter += 1; return prefix + "-" + counter; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function icon(down) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "chat-feedback-icon");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", THUMB);
    if (down) path.setAttribute("transform", "rotate(180 12 12)");
    svg.append(path);
    return svg;
  }

  function Feedback(chat) {
    this.chat = chat;
    this.settings = chat.config.feedback || {};
    this.url = this.settings.url || new URL("../feedback", script.src).href;
    this.pending = null;   // the thumbs of the current turn, until the resident uses them or writes
    this.status = el("p", { class: "chat-status chat-feedback-status", role: "status" });
    chat.log.after(this.status);
    var self = this;
    chat.onEvent(function (name, detail, item) {
      if (name === "received") self.offer(detail, item);
      else if (name === "sent") self.pending = null;
      else if (name === "wiped") { self.pending = null; self.status.textContent = ""; }
    });
  }

  Feedback.prototype.wanted = function (response) {
    if (!response) return false;
    var skip = this.settings.skipResponses || [];
    var prefixes = this.settings.skipPrefixes || [];
    return skip.indexOf(response) < 0 && !prefixes.some(function (p) { return response.indexOf(p) === 0; });
  };

  /* Thumbs under this answer; those of an earlier answer of the same turn, unused, go. */
  Feedback.prototype.offer = function (message, item) {
    if (!item || !this.wanted(message.utter_action)) return;
    if (this.pending && !this.pending.used) this.pending.group.remove();
    this.pending = this.build(message, item);
  };

  Feedback.prototype.build = function (message, item) {
    var self = this;
    var chat = this.chat;
    var language = chat.language;
    var texts = chat.config.texts[language] || chat.config.texts[chat.config.defaultLanguage];
    var questionId = uid("chat-feedback-question");
    var state = { id: null, rating: null, used: false, language: language, texts: texts, message: message };
    state.group = el("div", { class: "chat-feedback", role: "group", "aria-labelledby": questionId,
      lang: language, dir: chat.languageInfo(language).dir });
    state.buttons = ["up", "down"].map(function (rating) {
      var button = el("button", { type: "button", "aria-pressed": "false", "data-rating": rating },
        [icon(rating === "down"), " " + texts["feedback_" + rating]]);
      button.addEventListener("click", function () { self.rate(state, rating); });
      return button;
    });
    state.group.append.apply(state.group,
      [el("span", { id: questionId, class: "chat-feedback-question" }, [texts.feedback_question])]
        .concat(state.buttons));
    item.append(state.group);
    return state;
  };

  Feedback.prototype.post = function (url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw { serverMessage: data.message };   // in the resident's language
        return data;
      });
    });
  };

  Feedback.prototype.say = function (text) {
    // Emptied first, so the same thanks twice is announced twice.
    var status = this.status;
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  };

  Feedback.prototype.rate = function (state, rating) {
    var self = this;
    state.used = true;
    if (state.rating === rating) return;
    var request = state.id
      ? this.post(this.url + "/" + state.id, { rating: rating, language: state.language })
      : this.post(this.url, { rating: rating, intent: state.message.intent || null,
        response: state.message.utter_action, language: state.language,
        channel: this.chat.options.channel || "web" });
    request.then(function (data) {
      state.id = data.id;
      state.rating = rating;
      state.buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.rating === rating)); });
      if (rating === "down") self.askWhy(state);
      else if (state.form) { state.form.remove(); state.form = null; }
      self.say(state.texts.feedback_thanks);
    }).catch(function (error) {
      self.say((error && error.serverMessage) || state.texts.feedback_error);   // offline: our own words
    });
  };

  /* The optional "what was wrong": a labelled field with its hint, under the thumbs. */
  Feedback.prototype.askWhy = function (state) {
    if (state.form) return;
    var self = this;
    var fieldId = uid("chat-feedback-comment");
    var hintId = uid("chat-feedback-hint");
    var field = el("textarea", { id: fieldId, rows: "2", maxlength: String(this.settings.maxChars || 300),
      "aria-describedby": hintId });
    state.form = el("form", { class: "chat-feedback-form" }, [
      el("label", { for: fieldId }, [state.texts.feedback_comment_label]),
      el("p", { id: hintId, class: "chat-feedback-hint" }, [state.texts.feedback_comment_hint]),
      field,
      el("button", { type: "submit" }, [state.texts.feedback_send]),
    ]);
    state.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var comment = field.value.trim();
      if (!comment) { field.focus(); return; }
      self.post(self.url + "/" + state.id, { rating: "down", comment: comment, language: state.language })
        .then(function () {
          state.form.remove();
          state.form = null;
          state.buttons[1].focus();   // the field is gone: focus back on the pressed thumb
          self.say(state.texts.feedback_thanks_comment);
        }).catch(function (error) { self.say((error && error.serverMessage) || state.texts.feedback_error); });
    });
    state.group.after(state.form);
  };

  window.LevalloisChat.ready.then(function (chats) {
    chats.forEach(function (chat) { chat.feedback = new Feedback(chat); });
  });
})();
