// Between two residents: the idle warning (Continue keeps the conversation), then the
// wipe; or the Clear button at once. After it nothing of the first resident is left.
import { assert, ask, checkpoint, open, params, run } from "./lib.mjs";

await run(async (browser) => {
  const idle = params.mode === "idle";
  const page = await open(browser, idle ? "/kiosk?idle=5&warning=4" : "/kiosk");
  await page.waitForSelector("html[data-kiosk='ready']");
  await ask(page, "Bonjour");
  const session = await page.getAttribute("[data-chat]", "data-session");
  await checkpoint({ session });  // the test sees the conversation stored
  await page.locator("#kiosk-bigger").click();
  await page.locator(".chat-form input").fill("mon numéro est");
  await page.evaluate(() => { sessionStorage.setItem("trace", "x"); localStorage.setItem("trace", "x"); });

  if (idle) {
    await page.waitForSelector("#kiosk-idle[open]", { timeout: 15000 });
    assert.match(await page.locator("#kiosk-idle-text").innerText(), /\d/);
    await page.locator("#kiosk-continue").click();
    assert.equal(await page.locator("#kiosk-idle[open]").count(), 0);
    assert.ok(await page.locator(".chat-log .chat-message").count() > 0, "Continue keeps it");
    await page.waitForSelector("#kiosk-idle[open]", { timeout: 15000 });
    await page.waitForSelector("#kiosk-idle:not([open])", { state: "attached", timeout: 15000 });
  } else {
    await page.locator("#kiosk-clear").click();
  }
  await page.waitForFunction((old) => {
    const id = document.querySelector("[data-chat]").dataset.session;
    return id && id !== old;
  }, session, { timeout: 30000 });
  const after = await page.evaluate(() => ({
    messages: document.querySelectorAll(".chat-log .chat-message").length,
    input: document.querySelector(".chat-form input").value,
    storage: sessionStorage.length + localStorage.length,
    bigger: document.documentElement.classList.contains("kiosk-bigger"),
    lang: document.documentElement.lang,
    status: document.getElementById("kiosk-status").textContent,
  }));
  assert.deepEqual({ ...after, status: Boolean(after.status) },
    { messages: 0, input: "", storage: 0, bigger: false, lang: "fr", status: true });
  // The next resident talks on the new session, after the old socket has closed.
  await page.waitForTimeout(3500);
  assert.equal(await page.getAttribute("[data-chat]", "data-state"), "ready");
  assert.ok((await ask(page, "Bonjour")).length > 0);
  assert.deepEqual(page.errors, []);
  return { old_session: session, new_session: await page.getAttribute("[data-chat]", "data-session") };
});
