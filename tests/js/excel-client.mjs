// Excel's custom-functions runtime, played by Node: loads the JavaScript an xlwings Server serves
// to Excel (/static/js/utils.js and /xlwings/custom-functions-code.js), unchanged, and calls the
// functions it registers the way Excel calls them. Only the host's globals are stand-ins
// (Office, Excel, CustomFunctions, window.location) plus an XMLHttpRequest for Node (xhr2);
// every request the functions make is the served code's own, over real HTTP.
//
//   node excel-client.mjs BASE_URL CALLS_JSON
//
// CALLS_JSON is a file holding [{"formula": "XLWINGS.FT_BREAKEVEN", "args": [...]}, ...]: each
// argument a 2-D array (a range) or null (left out), as Excel passes them for "matrix"
// parameters. Prints one JSON object: the namespace from the manifest, the functions
// registered under it, and for each call {"value": ...} or {"error": {"code", "message"}}.

import { readFileSync } from "node:fs";
import vm from "node:vm";
import XMLHttpRequest from "xhr2";

const [base, callsFile] = process.argv.slice(2);
const calls = JSON.parse(readFileSync(callsFile, "utf8"));

async function get(path) {
  const r = await fetch(base + path);
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return r.text();
}

// ---- what the manifest tells Excel
const manifest = await get("/manifest");
const nsMatch = manifest.match(/<bt:String id="Functions\.Namespace" DefaultValue="([^"]*)"/);
const namespace = nsMatch ? nsMatch[1] : "";
const meta = JSON.parse(await get("/xlwings/custom-functions-meta.json"));
const params = Object.fromEntries(meta.functions.map((f) => [f.id, f.parameters.length]));

// ---- the task pane's config (shared runtime: the functions read globalThis.config)
const taskpane = await get("/taskpane.html");
const cfg = taskpane.match(/<script id="config" type="application\/json">([\s\S]*?)<\/script>/);
if (!cfg) throw new Error("no config in /taskpane.html");
globalThis.config = JSON.parse(cfg[1]);

// ---- host stand-ins
const supported = { CustomFunctionsRuntime: "1.4", ExcelApi: "1.12", SharedRuntime: "1.1" };
const atLeast = (have, want) => {
  const [a, b] = [have.split(".").map(Number), want.split(".").map(Number)];
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);
};
globalThis.Office = {
  onReady(callback) {
    const info = { host: "Excel", platform: "OfficeOnline" };
    if (callback) callback(info);
    return Promise.resolve(info);
  },
  context: {
    requirements: {
      isSetSupported: (name, version) =>
        name in supported && atLeast(supported[name], version || "1.1"),
    },
  },
};
class RequestContext {
  constructor() {
    const loadable = (obj) => Object.assign(obj, { load() {} });
    this.workbook = loadable({ name: "ftcost-client-test.xlsx" });
    this.application = {
      cultureInfo: loadable({
        name: "en-US",
        datetimeFormat: loadable({ shortDatePattern: "M/d/yyyy" }),
      }),
    };
  }
  async sync() {}
}
globalThis.Excel = { RequestContext, run: async (f) => f(new RequestContext()) };
const registered = new Map();
class CustomFunctionsError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
globalThis.CustomFunctions = {
  associate: (id, fn) => registered.set(id, fn),
  Error: CustomFunctionsError,
  ErrorCode: {
    invalidValue: "#VALUE!",
    notAvailable: "#N/A",
    divisionByZero: "#DIV/0!",
    invalidNumber: "#NUM!",
    nullReference: "#NULL!",
  },
};
globalThis.window = { location: { origin: base } };
globalThis.XMLHttpRequest = XMLHttpRequest;

// ---- the served code, as the task pane and the functions script load it
const utils = await import(
  "data:text/javascript;base64," + Buffer.from(await get("/static/js/utils.js")).toString("base64")
);
globalThis.xlwings = { getCultureInfoName: utils.getCultureInfoName, getDateFormat: utils.getDateFormat };
vm.runInThisContext(await get("/xlwings/custom-functions-code.js"), {
  filename: "custom-functions-code.js",
});

// ---- the formulas
const results = [];
for (const [i, call] of calls.entries()) {
  const [ns, id] = call.formula.includes(".") ? call.formula.split(".", 2) : ["", call.formula];
  const fn = ns === namespace ? registered.get(id) : undefined;
  if (!fn) {
    results.push({ error: { code: "#NAME?", message: `no function ${call.formula}` } });
    continue;
  }
  // Excel passes every declared parameter (null where left out), then the invocation
  const args = [...call.args];
  while (args.length < params[id]) args.push(null);
  const invocation = { address: `Sheet1!B${i + 2}`, setResult() {} };
  try {
    results.push({ value: await fn(...args, invocation) });
  } catch (e) {
    if (!(e instanceof CustomFunctionsError)) throw e;
    results.push({ error: { code: e.code, message: e.message } });
  }
}
process.stdout.write(JSON.stringify({ namespace, functions: [...registered.keys()], results }));
