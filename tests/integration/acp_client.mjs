// The editor's side of test_acp_session.sh: drives `pair acp` through the official Agent Client
// Protocol SDK (@agentclientprotocol/sdk, from tests/support/acp_npm.sh's cache) as an editor would.
// Usage: node acp_client.mjs PAIR_BIN WORKSPACE NPM_DIR MCP_SERVER (tests/support/mcp_hostile_server.py)
// Prints "ok: ..." for each check that held; the first that fails prints "FAIL: ..." and exits 1.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { pathToFileURL } from "node:url";

const [pairBin, ws, npmDir, mcpServer] = process.argv.slice(2);
// The two long commands the scripted model runs (test_acp_session.sh makes them unique to the run).
const sleepA = process.env.ACP_SLEEP_A;
const sleepB = process.env.ACP_SLEEP_B;
const acp = await import(
  pathToFileURL(path.join(npmDir, "node_modules/@agentclientprotocol/sdk/dist/v1/stable/acp.js")).href
);

function fail(what, seen) {
  console.error(`FAIL: ${what}` + (seen === undefined ? "" : `\n  seen: ${JSON.stringify(seen, null, 1)}`));
  process.exit(1);
}
function check(cond, what, seen) {
  if (!cond) fail(what, seen);
  console.log(`ok: ${what}`);
}
setTimeout(() => fail("the test took longer than 150 s"), 150_000).unref();

async function until(what, predicate, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  fail(`timed out waiting for ${what}`);
}

/// `pair acp` in the workspace. Answers to the raw lines this test writes itself (id null, or an
/// id starting "raw-") are kept apart in `raw`; everything else goes to the SDK. Every line pair
/// writes on stdout must be JSON.
function startAgent(args = []) {
  const child = spawn(pairBin, [...args, "acp"], { cwd: ws, stdio: ["pipe", "pipe", "inherit"] });
  const raw = [];
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const encoder = new TextEncoder();
  let closed = false; // set once the SDK stops reading (the connection ended)
  const readable = new ReadableStream({
    cancel() {
      closed = true;
    },
    start(controller) {
      child.stdout.on("data", (chunk) => {
        pending += decoder.write(chunk);
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          let message;
          try {
            message = JSON.parse(line);
          } catch {
            fail("pair acp wrote a line that is not a JSON message on stdout", line);
          }
          if (message.id === null || (typeof message.id === "string" && message.id.startsWith("raw-"))) raw.push(message);
          else if (!closed) controller.enqueue(encoder.encode(line + "\n"));
        }
      });
      child.stdout.on("end", () => {
        try {
          controller.close();
        } catch {
          // the SDK already closed its side when the connection ended
        }
      });
    },
  });
  const writable = new WritableStream({
    write(chunk) {
      return new Promise((resolve, reject) => child.stdin.write(chunk, (e) => (e ? reject(e) : resolve())));
    },
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, raw, exited, stream: acp.ndJsonStream(writable, readable), sendRaw: (line) => child.stdin.write(line + "\n") };
}

/// An editor: every session/update is kept; permission questions are answered from `answers`.
function editor(updates, permissions, answers) {
  return acp
    .client()
    .onNotification("session/update", ({ params }) => {
      updates.push(params);
    })
    .onRequest("session/request_permission", ({ params }) => {
      permissions.push(params);
      const optionId = answers.shift() ?? "reject_once";
      if (!params.options.some((o) => o.optionId === optionId && o.kind === optionId))
        fail(`the permission request does not offer ${optionId}`, params.options);
      return { outcome: { outcome: "selected", optionId } };
    });
}

function running(pattern) {
  try {
    execFileSync("pgrep", ["-f", pattern]);
    return true;
  } catch {
    return false;
  }
}

const text = (t) => ({ type: "text", text: t });
const ofKind = (updates, kind) => updates.filter((u) => u.update.sessionUpdate === kind).map((u) => u.update);

// ---- first agent: a session, prompts, tool calls, permissions, cancel, bad input ----
let sessionId;
{
  const agent = startAgent();
  const updates = [];
  const permissions = [];
  const answers = [];
  await editor(updates, permissions, answers).connectWith(agent.stream, async (ctx) => {
    const init = await ctx.request("initialize", { protocolVersion: 1, clientCapabilities: { session: { notices: {} } } });
    check(init.protocolVersion === 1, "initialize agrees on protocol version 1", init);
    check(init.agentCapabilities.loadSession === true, "loadSession is offered", init);
    check(init.agentCapabilities.promptCapabilities.embeddedContext === true, "embedded context is offered", init);
    check(init.agentCapabilities.mcpCapabilities.http === true, "MCP over HTTP is offered", init);
    check(init.agentInfo.name === "pair", "the agent says it is pair", init);

    // The editor's own MCP server, with an environment variable only the editor sets.
    const probe = { name: "probe", command: "python3", args: [mcpServer], env: [{ name: "ACP_PROBE", value: "from-the-editor" }] };
    const created = await ctx.request("session/new", { cwd: ws, mcpServers: [probe] });
    sessionId = created.sessionId;
    check(typeof sessionId === "string" && sessionId.length > 0, "session/new gives a session id", created);
    check(created.modes?.currentModeId === "default" &&
      created.modes.availableModes.map((m) => m.id).join(",") === "default,accept-edits,bypass",
      "the session's modes are pair's permission modes", created.modes);
    const model = created.configOptions?.find((o) => o.id === "model");
    check(model?.type === "select" && model.currentValue === "test" && model.options.map((o) => o.value).join(",") === "test,other",
      "the model is a session option listing the models.json entries", created.configOptions);

    // 1. A streamed answer with reasoning; an embedded resource (an unsaved buffer) joins the message.
    let reply = await ctx.request("session/prompt", {
      sessionId,
      prompt: [text("say hello"), { type: "resource", resource: { uri: `file://${ws}/notes.md`, text: "unsaved buffer text", mimeType: "text/markdown" } }],
    });
    check(reply.stopReason === "end_turn", "a plain answer ends with end_turn", reply);
    const said = ofKind(updates, "agent_message_chunk").map((u) => u.content.text).join("");
    const thought = ofKind(updates, "agent_thought_chunk").map((u) => u.content.text).join("");
    check(said === "Hello from pair", "the answer streams as agent_message_chunk pieces", said);
    check(ofKind(updates, "agent_message_chunk").length > 1, "in more than one chunk", updates.length);
    check(thought === "Thinking it over.", "the reasoning streams as agent_thought_chunk", thought);
    check(updates.every((u) => u.sessionId === sessionId), "every update names the session");
    const usage = ofKind(updates, "usage_update");
    check(usage.length > 0 && usage.every((u) => u.size === 32768 && u.used > 0),
      "usage_update tells how much of the model's window the conversation takes", usage);

    // 2. An edit: rejected once, then allowed; the editor sees diffs with the whole texts.
    updates.length = 0;
    answers.push("reject_once", "allow_once");
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("fix a.txt")] });
    check(reply.stopReason === "end_turn", "the edit turn ends with end_turn", reply);
    const proposed = ofKind(updates, "tool_call");
    check(proposed.length === 2 && proposed.every((c) => c.kind === "edit" && c.status === "pending"),
      "each edit is announced as a pending tool_call of kind edit", proposed);
    check(proposed[0].locations?.[0]?.path === `${ws}/a.txt`, "with the file's absolute path as its location", proposed[0]);
    check(permissions.length === 2, "each edit asks for permission", permissions);
    check(permissions[0].toolCall.toolCallId === proposed[0].toolCallId &&
      permissions[1].toolCall.toolCallId === proposed[1].toolCallId, "the permission request names the tool call", permissions);
    const asked = permissions[0].toolCall.content?.[0];
    check(asked?.type === "diff" && asked.path === `${ws}/a.txt` && asked.oldText === "one\n" && asked.newText === "two\n",
      "the permission request shows the edit as a diff", asked);
    check(["allow_once", "allow_always", "reject_once", "reject_always"].every((k) => permissions[0].options.some((o) => o.kind === k)),
      "the four kinds of answer are offered", permissions[0].options);
    const done = ofKind(updates, "tool_call_update").filter((u) => u.status === "completed" || u.status === "failed");
    check(done.length === 2 && done[0].status === "failed" && done[0].toolCallId === proposed[0].toolCallId,
      "the rejected edit fails", done);
    const diff = done[1].content?.[0];
    check(done[1].status === "completed" && diff?.type === "diff" && diff.oldText === "one\n" && diff.newText === "two\n",
      "the allowed edit completes with its diff", done[1]);
    check(readFileSync(`${ws}/a.txt`, "utf8") === "two\n", "the file was edited once allowed");

    // 3. "Always" for a command: it runs, and the rule is saved (checked by the shell script).
    updates.length = 0;
    answers.push("allow_always");
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("run echo")] });
    check(reply.stopReason === "end_turn", "the command turn ends with end_turn", reply);
    const ran = ofKind(updates, "tool_call_update").find((u) => u.status === "completed");
    check(ran?.content?.[0]?.content?.text?.includes("hi from bash"), "the command's output is the tool call's content", ran);
    check(ofKind(updates, "tool_call")[0]?.kind === "execute", "bash is a tool call of kind execute", updates);

    // 3a. "Always reject" a command: asked once, then refused without asking for the rest of the session.
    updates.length = 0;
    const asked3a = permissions.length;
    answers.push("reject_always");
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("try twice")] });
    const refused = ofKind(updates, "tool_call_update").filter((u) => u.status === "failed");
    check(reply.stopReason === "end_turn" && permissions.length === asked3a + 1 && refused.length === 2,
      "after \"always reject\" the same command fails without a second question", { asked: permissions.length - asked3a, refused });

    // 3b. The MCP server passed in session/new is started and its tools are the model's.
    updates.length = 0;
    answers.push("allow_once");
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("probe")] });
    const probed = ofKind(updates, "tool_call_update").find((u) => u.status === "completed");
    check(reply.stopReason === "end_turn" && probed?.content?.[0]?.content?.text?.includes("from-the-editor"),
      "the editor's MCP server ran the tool with the environment the editor gave it", updates);

    // 3b'. What pair starts (here the MCP server) holds none of pair's sockets: not the one pair's
    // protocol output goes to (the editor would not see it end while the child lives).
    const links = (pid) =>
      readdirSync(`/proc/${pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return ""; // closed meanwhile
        }
      });
    const pairSockets = links(agent.child.pid).filter((l) => l.startsWith("socket:"));
    const children = execFileSync("pgrep", ["-P", String(agent.child.pid)]).toString().trim().split("\n");
    const shared = children.flatMap(links).filter((l) => pairSockets.includes(l));
    check(pairSockets.length > 0 && children.length > 0 && shared.length === 0,
      "pair's children do not inherit its protocol output", { pairSockets, children, shared });

    // 3c. session/set_mode accept-edits: a write in the project runs without asking, shown as a new file's diff.
    await ctx.request("session/set_mode", { sessionId, modeId: "accept-edits" });
    updates.length = 0;
    const asksBefore = permissions.length;
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("write b.txt")] });
    const wrote = ofKind(updates, "tool_call_update").find((u) => u.status === "completed");
    check(reply.stopReason === "end_turn" && permissions.length === asksBefore, "in accept-edits mode a write does not ask", permissions);
    check(wrote?.content?.[0]?.type === "diff" && wrote.content[0].oldText === null && wrote.content[0].newText === "made\n",
      "a new file's diff has no old text", wrote);
    let badMode;
    try {
      await ctx.request("session/set_mode", { sessionId, modeId: "yolo" });
    } catch (e) {
      badMode = e;
    }
    check(badMode?.code === -32602 && /yolo/.test(badMode.message), "an unknown mode is an error naming it", String(badMode));

    // 4. Cancel while bash runs: the turn answers cancelled and the command's processes are gone.
    updates.length = 0;
    answers.push("allow_once");
    const sleeping = ctx.request("session/prompt", { sessionId, prompt: [text("sleep")] });
    await until("the sleep command to run", () => running(sleepA));
    await ctx.notify("session/cancel", { sessionId });
    reply = await sleeping;
    check(reply.stopReason === "cancelled", "session/cancel ends the turn with cancelled", reply);
    await until("the sleep command's processes to end", () => !running(sleepA), 10_000);
    check(!running(sleepA), "the cancelled command's process group is gone");

    // 5. Malformed and unknown messages get JSON-RPC errors, and the agent keeps going.
    agent.sendRaw("{not json");
    agent.sendRaw('{"jsonrpc":"2.0","id":"raw-1","method":"no/such/method","params":{}}');
    agent.sendRaw('{"jsonrpc":"2.0","id":"raw-2","method":"session/prompt","params":{"sessionId":"nope","prompt":[]}}');
    agent.sendRaw('{"jsonrpc":"2.0","id":"raw-3","method":"session/new","params":{"cwd":"relative/dir"}}');
    agent.sendRaw(`{"jsonrpc":"2.0","id":"raw-4","method":"session/prompt","params":{"sessionId":"${sessionId}","prompt":[{"type":"image","data":"AA==","mimeType":"image/png"}]}}`);
    agent.sendRaw('[{"jsonrpc":"2.0","id":"raw-5","method":"initialize"}]');
    agent.sendRaw(`{"jsonrpc":"2.0","id":"raw-6","method":"session/prompt","params":{"sessionId":"${sessionId}","prompt":[{"type":"text","text":"  "}]}}`);
    await until("answers to the malformed messages", () => agent.raw.length >= 7);
    const code = (id) => agent.raw.find((m) => m.id === id)?.error?.code;
    check(agent.raw.some((m) => m.id === null && m.error?.code === -32700), "invalid JSON is answered -32700", agent.raw);
    check(code("raw-1") === -32601, "an unknown method is answered -32601", agent.raw);
    check(code("raw-2") === -32602 && code("raw-3") === -32602 && code("raw-4") === -32602 && code("raw-6") === -32602,
      "bad params (unknown session, relative cwd, an image, an empty prompt) are answered -32602", agent.raw);
    check(agent.raw.some((m) => m.id === null && m.error?.code === -32600), "a batch is answered -32600", agent.raw);
    let unknown;
    try {
      await ctx.request("no/such/method", {});
    } catch (e) {
      unknown = e;
    }
    check(unknown?.code === -32601, "the SDK sees an unknown method's error as -32601", String(unknown));
    const chosen = await ctx.request("session/set_config_option", { sessionId, configId: "model", value: "other" });
    check(chosen.configOptions?.[0]?.currentValue === "other", "set_config_option switches the model", chosen);
    let badModel;
    try {
      await ctx.request("session/set_config_option", { sessionId, configId: "model", value: "nope" });
    } catch (e) {
      badModel = e;
    }
    check(badModel?.code === -32602 && /nope/.test(badModel.message), "an unknown model is an error naming it", String(badModel));
    const models = created.models?.availableModels?.map((m) => m.modelId) ?? [];
    check(models.includes("other") && created.models.currentModelId !== "other", "session/new lists the models", created.models);
    const back = await ctx.request("session/set_model", { sessionId, modelId: created.models.currentModelId });
    check(back !== undefined, "session/set_model switches the model back", back);
    let badSet;
    try {
      await ctx.request("session/set_model", { sessionId, modelId: "nope" });
    } catch (e) {
      badSet = e;
    }
    check(badSet?.code === -32602 && /nope/.test(badSet.message), "session/set_model names an unknown model", String(badSet));
    await ctx.request("session/set_model", { sessionId, modelId: "other" });
    updates.length = 0;
    // With an image (the start of a 1×1 PNG): attached for "other", a model that takes images.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
      0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]).toString("base64");
    check(init.agentCapabilities.promptCapabilities.image === false,
      "images are not offered when the starting model takes none", init.agentCapabilities);
    reply = await ctx.request("session/prompt", { sessionId, prompt: [text("still there?"), { type: "image", data: png, mimeType: "image/png" }] });
    const imageDir = path.join(process.env.XDG_STATE_HOME, "pair", "acp-images");
    check(readdirSync(imageDir).length === 0, "the image's file is gone once the turn has it", readdirSync(imageDir));
    check(reply.stopReason === "end_turn" && ofKind(updates, "agent_message_chunk").map((u) => u.content.text).join("") === "Still here.",
      "after all that, the session still answers", updates);
    const notices = ofKind(updates, "notice");
    check(notices.some((n) => n.severity === "info" && /retrying/.test(n.title)),
      "a retry is a notice to an editor that shows notices", notices);
  });
  agent.child.stdin.end();
  const { code } = await agent.exited;
  check(code === 0, "pair acp exits 0 when its input ends", code);
}

// ---- second agent: session/load replays the stored session ----
{
  const agent = startAgent();
  const updates = [];
  await editor(updates, [], []).connectWith(agent.stream, async (ctx) => {
    await ctx.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
    await ctx.request("session/load", { sessionId, cwd: ws, mcpServers: [] });
    const users = ofKind(updates, "user_message_chunk").map((u) => u.content.text);
    check(users.length === 8 && users[0].includes("say hello") && users[7].startsWith("still there?"),
      "session/load replays the user's messages", users);
    check(ofKind(updates, "agent_message_chunk").some((u) => u.content.text === "Hello from pair"),
      "and the answers", updates);
    check(ofKind(updates, "tool_call").some((u) => u.kind === "edit") &&
      ofKind(updates, "tool_call_update").some((u) => u.status === "failed"), "and the tool calls with their results", updates);
    let missing;
    try {
      await ctx.request("session/load", { sessionId: "no-such-session", cwd: ws, mcpServers: [] });
    } catch (e) {
      missing = e;
    }
    check(missing?.code === -32602 && /no-such-session/.test(missing.message), "loading an unknown session is an error naming it", String(missing));
  });
  agent.child.stdin.end();
  check((await agent.exited).code === 0, "the second pair acp exits 0");
}

// ---- third agent: an editor that offers its files and a terminal; a.txt has an unsaved buffer that
// differs from the disk, and the sandbox is off (pair uses the editor's terminal only then) ----
{
  const settingsFile = path.join(process.env.XDG_CONFIG_HOME, "pair", "settings.json");
  const settingsBefore = existsSync(settingsFile) ? readFileSync(settingsFile, "utf8") : null;
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(settingsBefore ?? "{}"), sandbox: { enabled: false } }));
  const agent = startAgent();
  const updates = [];
  const permissions = [];
  const buffers = new Map([[`${ws}/a.txt`, "buffer, unsaved\n"]]);
  const reads = [];
  const writes = [];
  const terminals = [];
  const terminalCalls = [];
  let killRunning; // ends the command running in the editor's terminal
  await editor(updates, permissions, ["allow_once", "allow_once", "allow_once"])
    .onRequest("fs/read_text_file", ({ params }) => {
      reads.push(params);
      if (!buffers.has(params.path)) throw acp.RequestError.resourceNotFound(params.path);
      return { content: buffers.get(params.path) };
    })
    .onRequest("fs/write_text_file", ({ params }) => {
      writes.push(params);
      buffers.set(params.path, params.content);
      return {};
    })
    // A terminal that runs nothing: its output says where it came from.
    .onRequest("terminal/create", ({ params }) => {
      terminals.push(params);
      return { terminalId: `term-${terminals.length}` };
    })
    // The first command ends at once; the second runs until pair kills it.
    .onRequest("terminal/wait_for_exit", ({ params }) => {
      terminalCalls.push(["wait_for_exit", params.terminalId]);
      if (params.terminalId === "term-1") return { exitCode: 0, signal: null };
      return new Promise((resolve) => {
        killRunning = () => resolve({ exitCode: null, signal: "SIGKILL" });
      });
    })
    .onRequest("terminal/kill", ({ params }) => {
      terminalCalls.push(["kill", params.terminalId]);
      killRunning?.();
      return {};
    })
    .onRequest("terminal/output", ({ params }) => {
      terminalCalls.push(["output", params.terminalId]);
      return { output: "from the editor's terminal\n", truncated: false, exitStatus: { exitCode: 0, signal: null } };
    })
    .onRequest("terminal/release", ({ params }) => {
      terminalCalls.push(["release", params.terminalId]);
      return {};
    })
    .connectWith(agent.stream, async (ctx) => {
      await ctx.request("initialize", {
        protocolVersion: 1,
        clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true },
      });
      const { sessionId: id } = await ctx.request("session/new", { cwd: ws, mcpServers: [] });
      const reply = await ctx.request("session/prompt", { sessionId: id, prompt: [text("use the editor")] });
      check(reply.stopReason === "end_turn", "the turn with the editor's files and terminal ends with end_turn", reply);
      check(reads.length > 0 && reads.every((r) => r.sessionId === id && r.path === `${ws}/a.txt`),
        "read_file asks the editor for the file by its absolute path", reads);
      const done = ofKind(updates, "tool_call_update").filter((u) => u.status === "completed");
      check(done[0]?.content?.[0]?.content?.text === "1\tbuffer, unsaved\n", "the model reads the editor's unsaved buffer", done);
      check(permissions.length === 2 && permissions[0].toolCall.content?.[0]?.oldText === "buffer, unsaved\n",
        "the edit is asked about as a diff against the buffer", permissions);
      check(writes.length === 1 && writes[0].sessionId === id && writes[0].path === `${ws}/a.txt` &&
        writes[0].content === "edited, unsaved\n", "the approved edit arrives through fs/write_text_file", writes);
      check(terminals.length === 1 && terminals[0].sessionId === id && terminals[0].command === "/bin/bash" &&
        terminals[0].args.join(" ") === "-c echo from pair" && terminals[0].cwd === ws,
        "the approved command runs in the editor's terminal, in the project", terminals);
      check(terminalCalls.map((c) => c.join(" ")).join(", ") === "wait_for_exit term-1, output term-1, release term-1",
        "pair waits for the terminal, reads its output and releases it", terminalCalls);
      check(updates.some((u) => u.update.content?.[0]?.type === "terminal" && u.update.content[0].terminalId === "term-1"),
        "the terminal is shown in the tool call", updates);
      check(done[2]?.content?.[0]?.content?.text?.startsWith("from the editor's terminal\n"),
        "the command's output is the terminal's", done[2]);
      // Cancel while the command runs in the editor's terminal: pair kills it there and frees it.
      terminalCalls.length = 0;
      const turn = ctx.request("session/prompt", { sessionId: id, prompt: [text("run until cancelled")] });
      await until("the command to run in the editor's terminal", () => terminalCalls.length === 1);
      await ctx.notify("session/cancel", { sessionId: id });
      const cancelled = await turn;
      check(cancelled.stopReason === "cancelled", "session/cancel while the editor's terminal runs ends with cancelled", cancelled);
      check(terminalCalls.map((c) => c.join(" ")).join(", ") ===
        "wait_for_exit term-2, kill term-2, output term-2, release term-2",
        "a cancelled command is killed in the editor's terminal, then released", terminalCalls);
      // An answer the provider's content filter stopped is a refusal.
      const refused = await ctx.request("session/prompt", { sessionId: id, prompt: [text("something refused")] });
      check(refused.stopReason === "refusal", "an answer stopped by a content filter ends with refusal", refused);
    });
  agent.child.stdin.end();
  check((await agent.exited).code === 0, "the third pair acp exits 0");
  if (settingsBefore === null) unlinkSync(settingsFile);
  else writeFileSync(settingsFile, settingsBefore);
}

// ---- fourth agent: SIGTERM (the editor closing) while bash runs: pair exits 130, the command is gone ----
{
  const agent = startAgent();
  // The connection ends with pair, so connectWith and the prompt reject: that is expected here.
  await editor([], [], ["allow_once"])
    .connectWith(agent.stream, async (ctx) => {
      await ctx.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
      const { sessionId: id } = await ctx.request("session/new", { cwd: ws, mcpServers: [] });
      ctx.request("session/prompt", { sessionId: id, prompt: [text("sleep again")] }).catch(() => {});
      await until("the second sleep command to run", () => running(sleepB));
      agent.child.kill("SIGTERM");
      await agent.exited;
    })
    .catch(() => {});
  const { code } = await agent.exited;
  check(code === 130, "pair acp exits 130 on SIGTERM", code);
  await until("the second sleep command's processes to end", () => !running(sleepB), 10_000);
  check(!running(sleepB), "SIGTERM while bash runs leaves no process of it behind");
}

// ---- fifth agent: started with a model that takes images, so images are offered ----
{
  const agent = startAgent(["--model", "other"]);
  await editor([], [], []).connectWith(agent.stream, async (ctx) => {
    const init = await ctx.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
    check(init.agentCapabilities.promptCapabilities.image === true,
      "images are offered when the starting model takes them", init.agentCapabilities);
  });
  agent.child.stdin.end();
  check((await agent.exited).code === 0, "the fifth pair acp exits 0");
}
