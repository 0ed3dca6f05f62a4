// Shared helpers of the browser scenarios: Debian's Chromium driven by playwright-core
// (both from bot/web's locked npm packages; no browser is ever downloaded).
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../../bot/web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export const AXE = require.resolve("axe-core/axe.min.js");
export const WEB_URL = process.env.WEB_URL;
export const SCREENSHOTS = process.env.WEB_SCREENSHOTS || "";
export const params = JSON.parse(process.env.SCENARIO_PARAMS || "{}");
assert.ok(WEB_URL, "WEB_URL must point at the web app");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
}

/** Opens a page and waits until the widget has its socket.io session. */
export async function open(browser, path, options = {}, init = null) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  page.errors = errors;
  if (init) await page.addInitScript(init);
  await page.goto(WEB_URL + path);
  await page.waitForSelector('[data-chat][data-state="ready"][data-session]', { timeout: 30000 });
  return page;
}

export const botMessages = (page) => page.locator(".chat-log .chat-bot");

/** Waits for the bot's reply to what `act` does: new messages, then 1.5 s of quiet. */
export async function reply(page, act) {
  const before = await botMessages(page).count();
  await act();
  await page.waitForFunction(
    (n) => document.querySelectorAll(".chat-log .chat-bot").length > n, before, { timeout: 30000 });
  let count = -1;
  while (count !== await botMessages(page).count()) {
    count = await botMessages(page).count();
    await page.waitForTimeout(1500);
  }
  return describe(page, before);
}

/** The bot messages after the first `from`: text, lang, dir, reading direction, buttons. */
export async function describe(page, from = 0) {
  return page.evaluate((start) => Array.from(document.querySelectorAll(".chat-log .chat-bot"))
    .slice(start).map((m) => ({
      text: m.querySelector(".chat-text").innerText,
      lang: m.getAttribute("lang"),
      dir: m.getAttribute("dir"),
      direction: getComputedStyle(m).direction,
      buttons: Array.from(m.querySelectorAll("button")).map((b) => b.textContent),
    })), from);
}

/** Types a message the way a resident does (keyboard only) and waits for the answer. */
export async function ask(page, text) {
  return reply(page, async () => {
    await page.locator(".chat-form input").fill(text);
    await page.locator(".chat-form input").press("Enter");
  });
}

export async function chooseLanguage(page, code) {
  return reply(page, () => page.locator(`.chat-languages button[data-lang="${code}"]`).click());
}

/** axe-core's violations on the page as it is now (axe injected from its npm package). */
export async function axe(page) {
  if (!await page.evaluate(() => Boolean(window.axe))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
  })));
}

export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** Runs a scenario; prints its result as the last line (JSON) for the pytest side. */
export async function run(scenario) {
  const browser = await launch();
  try {
    const result = await scenario(browser);
    console.log(JSON.stringify(result ?? {}));
  } finally {
    await browser.close();
  }
}

export { assert };

/** Lets the pytest side look at the real stack mid-scenario: prints a checkpoint line
 *  and waits for its answer on stdin. */
export async function checkpoint(data) {
  console.log("CHECKPOINT " + JSON.stringify(data));
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: process.stdin });
  const answer = await new Promise((resolve) => lines.once("line", resolve));
  lines.close();
  process.stdin.pause();
  assert.equal(answer, "go", "the test stopped the scenario");
}
