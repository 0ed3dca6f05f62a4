// The staff dashboard in Chromium: login by keyboard, then every chart is an image named by
// its title (SVG title/desc), its data table opens from the keyboard, the period changes,
// axe-core finds no violation, focus is always visible, the Content-Security-Policy holds,
// and the page reflows at 320 px.
import { assert, axe, params, run, SCREENSHOTS, WEB_URL } from "./lib.mjs";

async function focusIsVisible(page, presses) {
  const hidden = [];
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, text: (el.textContent || "").trim().slice(0, 30),
        visible: style.outlineStyle !== "none" || style.boxShadow !== "none" };
    });
    if (state.tag !== "BODY" && !state.visible) hidden.push(state);
  }
  return hidden;
}

await run(async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  // The staff pages' Content-Security-Policy holds: Chromium reports any violation here.
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
  });

  await page.goto(WEB_URL + "/staff/dashboard");
  assert.match(page.url(), /\/staff\/login\?next=/, "staff only");
  await page.getByLabel("Identifiant").fill(params.username);
  await page.getByLabel("Mot de passe").fill(params.password);
  await page.getByLabel("Mot de passe").press("Enter");
  await page.waitForURL(/\/staff\/dashboard$/);

  // Every chart: an image whose accessible name is its title, described by its figures.
  const charts = await page.locator("svg.chart").evaluateAll((svgs) => svgs.map((svg) => ({
    role: svg.getAttribute("role"),
    title: svg.querySelector("title").textContent,
    desc: svg.querySelector("desc").textContent,
    width: svg.getBoundingClientRect().width,
    bars: svg.querySelectorAll("rect").length,
  })));
  assert.equal(charts.length, 7);
  for (const chart of charts) {
    assert.equal(chart.role, "img");
    assert.ok(chart.width > 300, JSON.stringify(chart));
    assert.ok(chart.bars > 0, `${chart.title} draws nothing`);
    assert.equal(await page.getByRole("img", { name: chart.title, exact: true }).count(), 1, chart.title);
  }
  const figure = async (label) => (await page.locator(".dash-figure").filter({ hasText: label })
    .locator(".dash-figure-value").innerText()).replace(/\s/g, "");
  assert.equal(await figure("Conversations"), String(params.conversations));
  assert.match(await figure("Taux de résolution"), /^\d+%$/);

  // The topics' table, opened from the keyboard.
  await page.locator("#dash-topics summary").focus();
  await page.keyboard.press("Enter");
  const topics = page.getByRole("table", { name: /Questions par thème/ });
  await topics.waitFor();
  assert.equal(await topics.locator("tbody tr").count(), params.topics);
  const clusters = page.getByRole("table", { name: /questions non comprises/ });
  assert.ok(await clusters.locator("tbody tr").count() >= 3, "fallback groups");
  assert.doesNotMatch(await clusters.innerText(), /06 12 34 56 78/);

  // axe-core is injected as an inline script, which the CSP forbids: a second page, same
  // session, with CSP bypassed for the audit only.
  const audit = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await audit.addCookies(await context.cookies());
  const audited = await audit.newPage();
  await audited.goto(WEB_URL + "/staff/dashboard");
  await audited.locator("#dash-topics summary").click();
  assert.deepEqual(await axe(audited), [], "axe-core on the dashboard");
  await audit.close();
  assert.deepEqual(await focusIsVisible(page, 25), [], "focus always visible");
  if (SCREENSHOTS) {
    await page.locator("#dash-topics summary").click();   // closed again, for the picture
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 2915 } });   // key figures to the peak hours
  }

  // Another period, from the form.
  await page.getByLabel("Période").selectOption("12");
  await page.getByRole("button", { name: "Afficher" }).click();
  await page.waitForURL(/weeks=12/);
  assert.equal(await page.getByLabel("Période").inputValue(), "12");
  assert.equal(await page.locator("svg.chart").count(), 7);

  // 320 px wide: no sideways scrolling of the page (wide tables scroll in their own region).
  await page.setViewportSize({ width: 320, height: 640 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `the dashboard scrolls sideways at 320 px: ${width}`);
  assert.deepEqual(errors, []);
  return { charts: charts.map((c) => c.title) };
});
