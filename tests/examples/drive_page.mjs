// A minimal Chrome DevTools Protocol client (no puppeteer): starts headless Chromium with
// --remote-debugging-pipe, loads a page written by tg::autograd::to_html, steps it to the end by
// key presses (ArrowRight, as a user would), saves screenshots of the first and the last step,
// and checks the gradients the page shows at the end against the DOT file to_dot wrote for the
// same graph after backward(). Prints one line per finding; exits 1 on any failure.
//   node drive_page.mjs CHROMIUM PAGE.html DOT_FILE SCREENSHOT_PREFIX
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [chromium, page, dotFile, shots] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "tg-chromium-"));
const browser = spawn(chromium, [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
  "--remote-debugging-pipe", `--user-data-dir=${profile}`, "--window-size=1400,1000", "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderr = "";
browser.stderr.on("data", (d) => { stderr += d; });

const failures = [];
const fail = (msg) => { failures.push(msg); console.log("FAIL: " + msg); };
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = "";
browser.stdio[4].on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && pending.has(message.id)) {
      const { ok, ko, method } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) ko(new Error(`${method}: ${message.error.message}`));
      else ok(message.result);
    } else if (message.method) {
      for (const l of listeners) l(message);
    }
  }
});
function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  browser.stdio[3].write(JSON.stringify(message) + "\0");
  return new Promise((ok, ko) => pending.set(id, { ok, ko, method }));
}
function waitFor(method, ms = 20000) {
  return new Promise((ok, ko) => {
    const timer = setTimeout(() => ko(new Error(`timed out waiting for ${method}`)), ms);
    listeners.push((m) => { if (m.method === method) { clearTimeout(timer); ok(m.params); } });
  });
}

// Everything the page reports as an error: console.error, uncaught exceptions, log errors.
const errors = [];
listeners.push((m) => {
  if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert"))
    errors.push("console." + m.params.type + ": " + m.params.args.map((a) => a.value ?? a.description).join(" "));
  if (m.method === "Runtime.exceptionThrown")
    errors.push("exception: " + (m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text));
  if (m.method === "Log.entryAdded" && m.params.entry.level === "error")
    errors.push("log: " + m.params.entry.text);
});

async function main() {
  const { targetInfos } = await send("Target.getTargets");
  let target = targetInfos.find((t) => t.type === "page");
  const targetId = target ? target.targetId : (await send("Target.createTarget", { url: "about:blank" })).targetId;
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  await s("Runtime.enable");
  await s("Log.enable");
  await s("Page.enable");
  await s("Emulation.setDeviceMetricsOverride", { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });
  const loaded = waitFor("Page.loadEventFired");
  await s("Page.navigate", { url: "file://" + resolve(page) });
  await loaded;
  const evaluate = async (expression) => {
    const r = await s("Runtime.evaluate", { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error("evaluate: " + r.exceptionDetails.text);
    return r.result.value;
  };
  const press = async (key, code, keyCode) => {
    for (const type of ["keyDown", "keyUp"])
      await s("Input.dispatchKeyEvent", { type, key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode });
  };
  const screenshot = async (file) => {
    // The whole page, also where a wide graph runs past the window.
    const { cssContentSize: size } = await s("Page.getLayoutMetrics");
    const { data } = await s("Page.captureScreenshot", { format: "png", captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(size.height), scale: 1 } });
    writeFileSync(file, Buffer.from(data, "base64"));
    console.log("screenshot: " + file);
  };
  const steps = Number(await evaluate("document.body.dataset.steps"));
  if (!(steps > 0)) fail(`the page reports ${steps} steps`);
  if ((await evaluate("document.body.dataset.step")) !== "0") fail("the page does not start at step 0");
  const pending0 = await evaluate(`[...document.querySelectorAll("text.pending")].length`);
  if (pending0 === 0) fail("before the first step no gradient is hidden");

  await press("ArrowRight", "ArrowRight", 39);
  if ((await evaluate("document.body.dataset.step")) !== "1") fail("ArrowRight did not go to step 1");
  const first = await evaluate(`({ current: [...document.querySelectorAll("g.current")].map((g) => g.id),
    title: document.getElementById("step-title")?.textContent, formula: document.getElementById("formula")?.textContent })`);
  console.log(`step 1: ${first.title} | ${first.formula}`);
  if (first.current.length !== 1) fail("step 1 highlights " + first.current.length + " nodes, not 1");
  await screenshot(shots + "_first.png");

  for (let k = 1; k < steps; ++k) await press("ArrowRight", "ArrowRight", 39);
  const at = await evaluate("document.body.dataset.step");
  if (at !== String(steps)) fail(`after ${steps} presses the page is at step ${at}`);
  await press("ArrowRight", "ArrowRight", 39); // one more: stays at the end
  if ((await evaluate("document.body.dataset.step")) !== String(steps)) fail("stepping past the end moved");
  await screenshot(shots + "_last.png");

  // What the page shows at the end: each node's and arrow's "grad" line, by DOT ids.
  const shown = await evaluate(`(() => {
    const line = (g) => { let t = null; for (const x of g.querySelectorAll("text")) if (x.textContent.startsWith("grad ")) t = x.textContent; return t; };
    const nodes = {}, edges = [];
    for (const g of document.querySelectorAll("g.node")) nodes[g.id] = line(g);
    for (const g of document.querySelectorAll("g.edge")) edges.push({ id: g.id, title: g.querySelector("title").textContent, grad: line(g) });
    return { nodes, edges, pending: [...document.querySelectorAll("text.pending")].length };
  })()`);
  if (shown.pending !== 0) fail(`${shown.pending} gradients are still hidden at the last step`);

  // to_dot's arrows: "  n3 -> n0 [label=\"...\\ngrad 2.2\"];" (label lines joined by \n).
  const dot = readFileSync(dotFile, "utf8");
  let compared = 0;
  for (const m of dot.matchAll(/^\s*(\w+) -> (\w+) \[label="(.*)"\];$/gm)) {
    const [, from, to, label] = m;
    const grad = label.split("\\n").find((l) => l.startsWith("grad "));
    if (!grad) continue;
    const leafLine = shown.nodes[from];
    if (leafLine) { // a leaf: the page's grad line is the sum the engine accumulated
      if (leafLine !== grad) fail(`leaf ${from}: the page shows '${leafLine}', to_dot '${grad}'`);
    } else {
      const onPage = shown.edges.filter((e) => e.title === `${from}->${to}`);
      if (onPage.length !== 1) { fail(`arrow ${from}->${to} appears ${onPage.length} times on the page`); continue; }
      if (onPage[0].grad !== grad) fail(`arrow ${from}->${to}: the page shows '${onPage[0].grad}', to_dot '${grad}'`);
    }
    ++compared;
  }
  if (compared === 0) fail("no gradient of " + dotFile + " was compared");
  console.log(`compared ${compared} gradients of ${dotFile} with the page's last step (${steps} steps)`);
  for (const e of errors) fail("the page reported " + e);
}

const watchdog = setTimeout(() => { fail("timed out"); finish(); }, 60000);
function finish() {
  clearTimeout(watchdog);
  const done = () => {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    if (failures.length && stderr) console.log("chromium said:\n" + stderr.slice(-2000));
    process.exit(failures.length ? 1 : 0);
  };
  if (browser.exitCode !== null || browser.signalCode !== null) return done();
  browser.on("exit", done);
  browser.kill();
}
main().catch((e) => fail(e.message)).finally(finish);
