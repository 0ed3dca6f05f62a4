// A right-to-left language (Arabic) chosen from the menu, on the kiosk and on the city
// page: every reply is marked with its lang and dir and is laid out right to left, and
// axe-core finds no violation in that state.
import { assert, ask, axe, chooseLanguage, open, params, run, screenshot } from "./lib.mjs";

await run(async (browser) => {
  const code = params.language;
  const kiosk = await open(browser, "/kiosk");
  await kiosk.waitForSelector("html[data-kiosk='ready']");
  const replies = [...await chooseLanguage(kiosk, code), ...await ask(kiosk, params.greeting)];
  for (const message of replies) {
    assert.deepEqual([message.lang, message.dir, message.direction], [code, "rtl", "rtl"],
      JSON.stringify(message));
  }
  assert.equal(await kiosk.getAttribute("html", "dir"), "rtl");
  assert.equal(await kiosk.getAttribute("html", "lang"), code);
  assert.deepEqual(await axe(kiosk), []);
  await screenshot(kiosk, "kiosk-rtl");

  const city = await open(browser, "/");
  const cityReplies = await chooseLanguage(city, code);
  assert.ok(cityReplies.every((m) => m.lang === code && m.direction === "rtl"), JSON.stringify(cityReplies));
  // The widget follows the conversation; the city's page around it stays French.
  assert.equal(await city.getAttribute("[data-chat]", "dir"), "rtl");
  assert.equal(await city.getAttribute("html", "lang"), "fr");
  assert.deepEqual(await axe(city), []);
  assert.deepEqual([...kiosk.errors, ...city.errors], []);
  return { replies: replies.length + cityReplies.length };
});
