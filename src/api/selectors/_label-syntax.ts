// Label keys and values follow the same rules as object validation; selectors report them with
// the same messages.
export { isQualifiedName as qualifiedNameErrors, isValidLabelValue as labelValueErrors } from "../validation/name.ts";
