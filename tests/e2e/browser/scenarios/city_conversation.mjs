// The city page: the language menu comes from bot/languages.yml; a conversation typed
// with the keyboard and continued with a reply button; every message marked fr / ltr.
import { assert, ask, open, params, reply, run, screenshot } from "./lib.mjs";

await run(async (browser) => {
  const page = await open(browser, "/");
  const menu = await page.locator(".chat-languages button").evaluateAll((buttons) =>
    buttons.map((b) => ({ code: b.dataset.lang, lang: b.lang, name: b.textContent })));
  assert.deepEqual(menu.map((m) => m.code), params.languages.map((l) => l.code));
  assert.deepEqual(menu.map((m) => m.name), params.languages.map((l) => l.name));
  assert.ok(menu.every((m) => m.lang === m.code), "each language's name is marked with its lang");

  const greeting = await ask(page, "Bonjour");
  assert.ok(greeting.some((m) => m.buttons.length > 0), JSON.stringify(greeting));
  const hours = await ask(page, "Quels sont les horaires de la Maison des Services Publics samedi ?");
  assert.match(hours.map((m) => m.text).join("\n"), /samedi/i);
  // A reply button is a real <button> that sends its payload and shows its title.
  const title = await page.locator(".chat-replies button").first().textContent();
  const followUp = await reply(page, () => page.locator(".chat-replies button").first().click());
  assert.ok(followUp.length > 0);
  const lastUser = await page.locator(".chat-log .chat-user").last().innerText();
  assert.ok(lastUser.includes(title), `${lastUser} shows ${title}`);

  for (const message of [...greeting, ...hours, ...followUp]) {
    assert.equal(message.lang, "fr", JSON.stringify(message));
    assert.equal(message.dir, "ltr");
  }
  assert.deepEqual(page.errors, []);
  await screenshot(page, "web-chat");
  return { replies: greeting.length + hours.length + followUp.length };
});
