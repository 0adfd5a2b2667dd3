// authentication.k8s.io/v1 TokenRequest, which `kubectl create token` posts to serviceaccounts/token.
// Field numbers and JSON names follow upstream; the notation is explained in message-schema.ts.
import type { MessageTable } from "./message-schema.ts";

export const authenticationV1Messages: MessageTable = {
  TokenRequest: ["1 metadata:ObjectMeta", "2 spec:TokenRequestSpec", "3 status:TokenRequestStatus"],
  TokenRequestSpec: [
    "1 audiences:[]string", "3 boundObjectRef:*BoundObjectReference", "4 expirationSeconds:*int64",
  ],
  TokenRequestStatus: ["1 token:string", "2 expirationTimestamp:Time"],
  BoundObjectReference: ["1 kind:string", "2 apiVersion:string", "3 name:string", "4 uid:string"],
};
