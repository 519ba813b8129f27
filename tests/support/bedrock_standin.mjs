#!/usr/bin/env node
// A local stand-in for AWS Bedrock's ConverseStream, built on AWS's own JavaScript libraries:
// @smithy/signature-v4 re-signs every request to verify its SigV4 signature, and
// @smithy/eventstream-codec encodes the response frames. Also answers STS AssumeRole and IAM
// Identity Center GetRoleCredentials, so credential chains that go through them can be tested.
//
//   node bedrock_standin.mjs --npm DIR --script S.json --log LOG.jsonl --port-file F
//                            [--credentials C.json] [--region us-east-1]
//
// --npm: the directory whose node_modules hold the libraries (tests/support/aws_npm.sh prints it).
// --credentials: {"keys": [{"accessKeyId", "secretAccessKey", "sessionToken"?}],
//                 "sts": {"issue": KEY}, "sso": {"token", "accountId", "roleName", "issue": KEY}}
// --script: {"responses": [ENTRY, ...]}, one entry per ConverseStream request, in order:
//   {"text": "...", "reasoning": "...", "tool_calls": [{"name", "arguments": {...}, "id"?}],
//    "stop_reason"?: "end_turn", "usage"?: {"inputTokens", "outputTokens", ...}, "split_bytes"?: N}
//   {"http_error": {"status": 429, "type": "ThrottlingException", "message": "..."}}
//   {"exception": {"type": "throttlingException", "message": "..."}, "text"?: "sent before it"}
// Every request is logged as one JSON line: kind (converse, sts, sso, unknown), method, path,
// model_id, headers, body (parsed JSON where it is JSON), signature_ok, error.
// Listens on 127.0.0.1 only; stop it with SIGTERM.
import { createRequire } from "node:module";
import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const require = createRequire(path.join(args.npm, "package.json"));
const { SignatureV4 } = require("@smithy/signature-v4");
const { Sha256 } = require("@aws-crypto/sha256-js");
const { EventStreamCodec } = require("@smithy/eventstream-codec");
const { toUtf8, fromUtf8 } = require("@smithy/util-utf8");

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const region = args.region || "us-east-1";
const script = JSON.parse(readFileSync(args.script, "utf8")).responses;
const creds = args.credentials ? JSON.parse(readFileSync(args.credentials, "utf8")) : { keys: [] };
const keys = new Map(creds.keys.map((k) => [k.accessKeyId, k]));
let next = 0;

function log(record) {
  appendFileSync(args.log, JSON.stringify(record) + "\n");
}

function awsError(res, status, type, message) {
  res.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    "x-amzn-requestid": randomUUID(),
  });
  res.end(JSON.stringify({ message }));
}

/// Verifies the request's SigV4 signature by signing it again with AWS's signer. Returns null when
/// it is right, else [status, type, message] as AWS would answer.
async function verify(req, body, service) {
  const auth = req.headers.authorization || "";
  const m = auth.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/,
  );
  if (!m) return [403, "MissingAuthenticationTokenException", "Missing Authentication Token"];
  const [, keyId, day, scopeRegion, scopeService, signedHeaders] = m;
  const key = keys.get(keyId);
  if (!key) return [403, "UnrecognizedClientException", "The security token included in the request is invalid."];
  if (scopeService !== service || scopeRegion !== region)
    return [403, "InvalidSignatureException", `Credential should be scoped to a valid region and service ${service}, not '${scopeRegion}/${scopeService}'.`];
  const amzDate = req.headers["x-amz-date"] || "";
  const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (isNaN(date) || Math.abs(Date.now() - date) > 15 * 60 * 1000 || !amzDate.startsWith(day))
    return [403, "InvalidSignatureException", "Signature expired or x-amz-date is missing."];
  const names = signedHeaders.split(";");
  for (const required of ["host", "x-amz-date"])
    if (!names.includes(required)) return [403, "InvalidSignatureException", `'${required}' must be signed.`];
  if ((key.sessionToken || "") !== (req.headers["x-amz-security-token"] || ""))
    return [403, "UnrecognizedClientException", "The security token included in the request is invalid."];
  if (key.sessionToken && !names.includes("x-amz-security-token"))
    return [403, "InvalidSignatureException", "'x-amz-security-token' must be signed."];
  const claimed = req.headers["x-amz-content-sha256"];
  if (claimed && claimed !== createHash("sha256").update(body).digest("hex"))
    return [400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed."];
  const headers = {};
  for (const n of names) headers[n] = req.headers[n] ?? "";
  const [rawPath, rawQuery] = req.url.split("?");
  const query = {};
  for (const [k, v] of new URLSearchParams(rawQuery || "")) query[k] = v;
  const signer = new SignatureV4({
    credentials: { accessKeyId: keyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken },
    region,
    service,
    sha256: Sha256,
    applyChecksum: names.includes("x-amz-content-sha256"),
  });
  const signed = await signer.sign(
    { method: req.method, protocol: "http:", hostname: (req.headers.host || "").split(":")[0], path: rawPath, query, headers, body },
    { signingDate: date },
  );
  if (signed.headers.authorization !== auth)
    return [403, "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."];
  return null;
}

function encode(kind, nameHeader, name, payload) {
  return codec.encode({
    headers: {
      [nameHeader]: { type: "string", value: name },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: kind },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}
const frame = (type, payload) => encode("event", ":event-type", type, payload);
const exceptionFrame = (type, message) => encode("exception", ":exception-type", type, { message });

function pieces(text, n) {
  const out = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

function answerFrames(entry) {
  const frames = [frame("messageStart", { role: "assistant" })];
  let block = 0;
  if (entry.reasoning) {
    for (const p of pieces(entry.reasoning, 6)) frames.push(frame("contentBlockDelta", { contentBlockIndex: block, delta: { reasoningContent: { text: p } } }));
    frames.push(frame("contentBlockDelta", { contentBlockIndex: block, delta: { reasoningContent: { signature: "c2lnbmF0dXJl" } } }));
    frames.push(frame("contentBlockStop", { contentBlockIndex: block++ }));
  }
  if (entry.text) {
    for (const p of entry.text.match(/\s*\S+|\s+/g)) frames.push(frame("contentBlockDelta", { contentBlockIndex: block, delta: { text: p } }));
    frames.push(frame("contentBlockStop", { contentBlockIndex: block++ }));
  }
  if (entry.exception) {
    frames.push(exceptionFrame(entry.exception.type, entry.exception.message));
    return frames;
  }
  for (const call of entry.tool_calls || []) {
    const id = call.id || "tooluse_" + randomUUID().replace(/-/g, "").slice(0, 22);
    frames.push(frame("contentBlockStart", { contentBlockIndex: block, start: { toolUse: { toolUseId: id, name: call.name } } }));
    const input = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {});
    for (const p of pieces(input, 5)) frames.push(frame("contentBlockDelta", { contentBlockIndex: block, delta: { toolUse: { input: p } } }));
    frames.push(frame("contentBlockStop", { contentBlockIndex: block++ }));
  }
  const stopReason = entry.stop_reason || ((entry.tool_calls || []).length ? "tool_use" : "end_turn");
  frames.push(frame("messageStop", { stopReason }));
  const usage = { inputTokens: 100, outputTokens: 10, totalTokens: 110, ...(entry.usage || {}) };
  frames.push(frame("metadata", { usage, metrics: { latencyMs: entry.latency_ms ?? 42 } }));
  return frames;
}

async function converse(req, res, body, record) {
  record.kind = "converse";
  const m = record.path.match(/^\/model\/([^/]+)\/converse-stream$/);
  record.model_id = m ? decodeURIComponent(m[1]) : null;
  try {
    record.body = JSON.parse(body.toString("utf8"));
  } catch {
    record.body = body.toString("utf8");
  }
  const rejected = await verify(req, body, "bedrock");
  record.signature_ok = !rejected;
  if (rejected) {
    record.error = rejected[1];
    log(record);
    return awsError(res, ...rejected);
  }
  if (!m) {
    log(record);
    return awsError(res, 404, "UnknownOperationException", "Unknown operation");
  }
  const entry = script[next++];
  log(record);
  if (!entry) return awsError(res, 500, "InternalServerException", `bedrock_standin: script exhausted after ${script.length} responses`);
  if (entry.http_error) return awsError(res, entry.http_error.status, entry.http_error.type, entry.http_error.message);
  res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": randomUUID() });
  const bytes = Buffer.concat(answerFrames(entry).map((f) => Buffer.from(f)));
  const n = entry.split_bytes || bytes.length;
  for (let i = 0; i < bytes.length; i += n) res.write(bytes.subarray(i, i + n));
  res.end();
}

async function sts(req, res, body, record) {
  record.kind = "sts";
  const form = new URLSearchParams(body.toString("utf8"));
  record.body = Object.fromEntries(form);
  const rejected = await verify(req, body, "sts");
  record.signature_ok = !rejected;
  log(record);
  if (rejected || form.get("Action") !== "AssumeRole") {
    res.writeHead(403, { "content-type": "text/xml" });
    return res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${rejected ? rejected[1] : "InvalidAction"}</Code>` +
      `<Message>${rejected ? rejected[2] : "unsupported"}</Message></Error></ErrorResponse>`);
  }
  const k = creds.sts.issue;
  keys.set(k.accessKeyId, k);
  const expiration = new Date(Date.now() + 3600 * 1000).toISOString();
  res.writeHead(200, { "content-type": "text/xml" });
  res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
    `<AccessKeyId>${k.accessKeyId}</AccessKeyId><SecretAccessKey>${k.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${k.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    `<AssumedRoleUser><Arn>${form.get("RoleArn")}</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`);
}

function sso(req, res, record) {
  record.kind = "sso";
  const q = new URL(req.url, "http://x").searchParams;
  const ok = req.headers["x-amz-sso_bearer_token"] === creds.sso.token && q.get("account_id") === creds.sso.accountId &&
    q.get("role_name") === creds.sso.roleName;
  record.signature_ok = ok;
  log(record);
  if (!ok) {
    res.writeHead(401, { "content-type": "application/json" });
    return res.end(JSON.stringify({ message: "Session token not found or invalid" }));
  }
  const k = creds.sso.issue;
  keys.set(k.accessKeyId, k);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ roleCredentials: { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey,
    sessionToken: k.sessionToken, expiration: Date.now() + 3600 * 1000 } }));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    const record = { method: req.method, path: req.url.split("?")[0], headers: req.headers };
    try {
      if (req.method === "POST" && record.path.startsWith("/model/")) return await converse(req, res, body, record);
      if (req.method === "POST" && record.path === "/") return await sts(req, res, body, record);
      if (req.method === "GET" && record.path === "/federation/credentials") return sso(req, res, record);
      record.kind = "unknown";
      log(record);
      awsError(res, 404, "UnknownOperationException", "Unknown operation");
    } catch (e) {
      record.error = String(e.stack || e);
      log(record);
      awsError(res, 500, "InternalServerException", "bedrock_standin: " + e);
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  writeFileSync(args["port-file"] + ".tmp", server.address().port + "\n");
  renameSync(args["port-file"] + ".tmp", args["port-file"]);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
