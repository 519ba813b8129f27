#!/usr/bin/env node
// Writes the seed corpus of bedrock_event_stream_fuzzer with AWS's own encoder
// (@smithy/eventstream-codec): real ConverseStream answers, exceptions, every header type.
//   node fuzz/bedrock_event_stream_corpus.mjs "$(bash tests/support/aws_npm.sh)" fuzz/corpus/bedrock_event_stream
import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const [npmDir, outDir] = process.argv.slice(2);
const require = createRequire(path.join(npmDir, "package.json"));
const { EventStreamCodec } = require("@smithy/eventstream-codec");
const { Int64 } = require("@smithy/eventstream-codec");
const { toUtf8, fromUtf8 } = require("@smithy/util-utf8");
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const s = (value) => ({ type: "string", value });
const event = (type, payload) =>
  codec.encode({ headers: { ":event-type": s(type), ":content-type": s("application/json"), ":message-type": s("event") },
    body: fromUtf8(JSON.stringify(payload)) });
const exception = (type, message) =>
  codec.encode({ headers: { ":exception-type": s(type), ":content-type": s("application/json"), ":message-type": s("exception") },
    body: fromUtf8(JSON.stringify({ message })) });
const cat = (...frames) => Buffer.concat(frames.map((f) => Buffer.from(f)));

const toolAnswer = cat(
  event("messageStart", { role: "assistant", p: "abcdefghij" }),
  event("contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { text: "Let me look." } } }),
  event("contentBlockDelta", { contentBlockIndex: 0, delta: { reasoningContent: { signature: "c2ln" } } }),
  event("contentBlockStop", { contentBlockIndex: 0 }),
  event("contentBlockDelta", { contentBlockIndex: 1, delta: { text: "Reading it." } }),
  event("contentBlockStop", { contentBlockIndex: 1 }),
  event("contentBlockStart", { contentBlockIndex: 2, start: { toolUse: { toolUseId: "tooluse_1", name: "read_file" } } }),
  event("contentBlockDelta", { contentBlockIndex: 2, delta: { toolUse: { input: '{"path": ' } } }),
  event("contentBlockDelta", { contentBlockIndex: 2, delta: { toolUse: { input: '"a.txt"}' } } }),
  event("contentBlockStop", { contentBlockIndex: 2 }),
  event("messageStop", { stopReason: "tool_use" }),
  event("metadata", { usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadInputTokens: 3 }, metrics: { latencyMs: 99 } }),
);
const allTypes = codec.encode({
  headers: {
    ":message-type": s("event"), ":event-type": s("contentBlockDelta"),
    t: { type: "boolean", value: true }, f: { type: "boolean", value: false },
    b: { type: "byte", value: -2 }, sh: { type: "short", value: -300 }, i: { type: "integer", value: 70000 },
    l: { type: "long", value: Int64.fromNumber(-1234567890123) },
    bin: { type: "binary", value: new Uint8Array([0, 1, 255]) },
    ts: { type: "timestamp", value: new Date(1700000000123) },
    u: { type: "uuid", value: "123e4567-e89b-12d3-a456-426614174000" },
  },
  body: fromUtf8('{"contentBlockIndex":0,"delta":{"text":"Hi"}}'),
});
const seeds = {
  "tool_answer.bin": toolAnswer,
  "text_answer.bin": cat(event("messageStart", { role: "assistant" }),
    event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hello" } }),
    event("contentBlockStop", { contentBlockIndex: 0 }), event("messageStop", { stopReason: "end_turn" })),
  "throttling.bin": cat(event("messageStart", { role: "assistant" }), exception("throttlingException", "Too many tokens")),
  "validation.bin": exception("validationException", "Input is too long for requested model."),
  "error_frame.bin": codec.encode({ headers: { ":message-type": s("error"), ":error-code": s("InternalFailure"),
    ":error-message": s("boom") }, body: new Uint8Array() }),
  "all_header_types.bin": allTypes,
  "empty_message.bin": codec.encode({ headers: {}, body: new Uint8Array() }),
  "truncated.bin": toolAnswer.subarray(0, toolAnswer.length - 7),
};
// The fuzzer rewrites the CRCs of inputs whose first byte is odd: seeds for that mode too.
for (const name of ["tool_answer.bin", "throttling.bin", "all_header_types.bin"])
  seeds["crc_repair_" + name] = Buffer.concat([Buffer.from([1]), Buffer.from(seeds[name])]);
mkdirSync(outDir, { recursive: true });
for (const [name, bytes] of Object.entries(seeds)) writeFileSync(path.join(outDir, name), bytes);
console.log(`wrote ${Object.keys(seeds).length} seeds to ${outDir}`);
