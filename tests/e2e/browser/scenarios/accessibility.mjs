// RGAA checks a machine can make, on both pages after a conversation: axe-core finds no
// violation; keyboard only (visible focus, the chat reached and used with Tab and Enter);
// no horizontal scrolling at 320 px wide nor at 200% zoom.
import { assert, ask, axe, open, run } from "./lib.mjs";

async function byKeyboard(page) {
  const focused = [];
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, input: el.matches(".chat-form input"),
        visible: style.outlineStyle !== "none" || style.boxShadow !== "none" };
    });
    focused.push(state);
    if (state.input) break;
  }
  assert.ok(focused.at(-1).input, "the message field is reached with Tab");
  assert.deepEqual(focused.filter((f) => !f.visible), [], "focus is always visible");
  await page.keyboard.type("Bonjour");
  const before = await page.locator(".chat-log .chat-bot").count();
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll(".chat-log .chat-bot").length > n,
    before, { timeout: 30000 });
}

async function reflows(browser, path, viewport) {
  const page = await open(browser, path, viewport);
  await ask(page, "Quels sont les horaires de la Maison des Services Publics samedi ?");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.viewport.width, `${path} scrolls sideways at ${JSON.stringify(viewport)}: ${width}`);
  assert.ok(await page.locator(".chat-form input").isVisible());
  await page.close();
}

await run(async (browser) => {
  const results = {};
  for (const path of ["/", "/kiosk"]) {
    const page = await open(browser, path);
    await byKeyboard(page);
    await ask(page, "Quels sont les horaires de la Maison des Services Publics samedi ?");
    const violations = await axe(page);
    assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 1)}`);
    if (path === "/kiosk") {  // the idle warning, open
      await page.evaluate(() => document.getElementById("kiosk-idle").showModal());
      assert.deepEqual(await axe(page), []);
    }
    assert.deepEqual(page.errors, []);
    await reflows(browser, path, { viewport: { width: 320, height: 640 } });
    await reflows(browser, path, { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    results[path] = "ok";
  }
  return results;
});
