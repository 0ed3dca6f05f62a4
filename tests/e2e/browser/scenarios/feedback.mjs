// Thumbs up / down under an answer, in Chromium against the real stack: one labelled group
// per turn, real buttons with aria-pressed, the result announced by a role="status", the
// optional "what was wrong" (labelled, with its hint), all by keyboard; the texts follow the
// resident's language (Arabic, right to left); the kiosk too. axe-core with the form open.
import { assert, ask, axe, chooseLanguage, open, params, run } from "./lib.mjs";

const status = (page) => page.locator(".chat-feedback-status");

async function saysStatus(page, text) {
  await page.waitForFunction((expected) =>
    document.querySelector(".chat-feedback-status").textContent === expected, text, { timeout: 10000 });
}

async function thumbsOfLastTurn(page, question) {
  const groups = page.getByRole("group", { name: question, exact: true });
  assert.equal(await groups.count(), 1, "one set of thumbs per turn, on its last answer");
  const last = page.locator(".chat-log .chat-bot").last();
  assert.equal(await last.locator(".chat-feedback").count(), 1, "the thumbs are under the last answer");
  return groups.first();
}

await run(async (browser) => {
  const fr = params.texts.fr;
  const page = await open(browser, "/");
  await ask(page, "Bonjour");
  assert.equal(await page.locator(".chat-feedback").count(), 0, "no thumbs under a greeting");
  const hours = await ask(page, "Quels sont les horaires de la Maison des Services Publics samedi ?");
  assert.match(hours.map((m) => m.text).join("\n"), /samedi/i);
  const group = await thumbsOfLastTurn(page, fr.feedback_question);
  const yes = group.getByRole("button", { name: fr.feedback_up, exact: true });
  const no = group.getByRole("button", { name: fr.feedback_down, exact: true });
  assert.equal(await yes.getAttribute("aria-pressed"), "false");
  assert.equal(await no.getAttribute("aria-pressed"), "false");
  assert.equal(await status(page).getAttribute("role"), "status");

  // Keyboard only: the "No" thumb with the space bar.
  await no.focus();
  await page.keyboard.press("Space");
  await saysStatus(page, fr.feedback_thanks);
  assert.equal(await no.getAttribute("aria-pressed"), "true");
  assert.equal(await yes.getAttribute("aria-pressed"), "false");

  // What was wrong: a labelled field with its hint, then the send button.
  const field = page.getByLabel(fr.feedback_comment_label, { exact: true });
  assert.equal(await field.getAttribute("maxlength"), "300");
  const hint = await page.locator(`#${await field.getAttribute("aria-describedby")}`).innerText();
  assert.equal(hint, fr.feedback_comment_hint);
  const violations = await axe(page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  await field.focus();
  await page.keyboard.type(params.comment);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await saysStatus(page, fr.feedback_thanks_comment);
  assert.equal(await page.locator(".chat-feedback-form").count(), 0, "the field is gone once sent");
  assert.ok(await no.evaluate((button) => button === document.activeElement), "focus back on the pressed thumb");

  // In Arabic: the thumbs speak Arabic and read right to left.
  const ar = params.texts.ar;
  await chooseLanguage(page, "ar");
  await ask(page, "ما هي مواعيد عمل دار الخدمات العامة يوم السبت؟");
  const arabic = await thumbsOfLastTurn(page, ar.feedback_question);
  assert.equal(await arabic.getAttribute("lang"), "ar");
  assert.equal(await arabic.evaluate((g) => getComputedStyle(g).direction), "rtl");
  await arabic.getByRole("button", { name: ar.feedback_up, exact: true }).click();
  await saysStatus(page, ar.feedback_thanks);
  assert.deepEqual(page.errors, []);
  const webSession = await page.locator("[data-chat]").getAttribute("data-session");

  // The kiosk: the same thumbs, told apart as the kiosk's.
  const kiosk = await open(browser, "/kiosk");
  await ask(kiosk, "Quels sont les horaires de la Maison des Services Publics samedi ?");
  const kioskThumbs = await thumbsOfLastTurn(kiosk, fr.feedback_question);
  const up = kioskThumbs.getByRole("button", { name: fr.feedback_up, exact: true });
  const box = await up.boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `kiosk touch target ${JSON.stringify(box)}`);
  await up.click();
  await saysStatus(kiosk, fr.feedback_thanks);
  assert.deepEqual(kiosk.errors, []);
  const kioskSession = await kiosk.locator("[data-chat]").getAttribute("data-session");
  return { webSession, kioskSession };
});
