// The kiosk in English: chosen from the language menu, a question, the answer read aloud
// in its language, bigger text, and touch targets of at least 44 px.
import { assert, ask, chooseLanguage, open, run, screenshot } from "./lib.mjs";

// Records what the page asks the browser's speech synthesis to say.
function spyOnSpeech() {
  window.__spoken = [];
  if (window.speechSynthesis) {
    window.speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
  }
}

await run(async (browser) => {
  const page = await open(browser, "/kiosk", {}, spyOnSpeech);
  await page.waitForSelector("html[data-kiosk='ready']");

  const switched = await chooseLanguage(page, "en");
  assert.ok(switched.every((m) => m.lang === "en" && m.dir === "ltr"), JSON.stringify(switched));
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("#kiosk-clear").innerText(), /Clear/);

  const hours = await ask(page, "What are the opening hours of the Maison des Services Publics on Saturday?");
  assert.match(hours.map((m) => m.text).join("\n"), /saturday/i);
  assert.ok(hours.every((m) => m.lang === "en"), JSON.stringify(hours));

  await page.locator("#kiosk-read").click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.equal(spoken.length, 1);
  assert.equal(spoken[0].text, hours[hours.length - 1].text);
  assert.equal(spoken[0].lang, "en-GB");

  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.locator("#kiosk-bigger").click();
  assert.equal(await page.getAttribute("#kiosk-bigger", "aria-pressed"), "true");
  assert.ok(await size() > normal * 1.2, "bigger text is bigger");
  await page.locator("#kiosk-bigger").click();

  const small = await page.locator("button:visible").evaluateAll((buttons) => buttons
    .map((b) => ({ name: b.textContent, box: b.getBoundingClientRect() }))
    .filter((b) => b.box.width < 44 || b.box.height < 44).map((b) => b.name));
  assert.deepEqual(small, [], "touch targets under 44 px");
  assert.deepEqual(page.errors, []);
  await screenshot(page, "kiosk");
  return { replies: switched.length + hours.length };
});
