import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeObject } from "../meta.ts";
import { messages } from "../validation/_kubectl-message.ts";
import { validateServiceAccount, validateServiceAccountUpdate } from "./service-account.ts";

const sa = (name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name, namespace: "default", uid: "u", resourceVersion: "1" },
});

test("validateServiceAccount() accepts subdomain names and rejects others", () => {
  assert.deepEqual(messages(validateServiceAccount(sa("ci.builder"))), []);
  assert.deepEqual(messages(validateServiceAccount(sa("CI"))), [
    "metadata.name: Invalid value: \"CI\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
});

test("validateServiceAccountUpdate() keeps the name", () => {
  assert.deepEqual(messages(validateServiceAccountUpdate(sa("other"), sa("default"))), ['metadata.name: Invalid value: "other": field is immutable']);
});
