// Error helpers shared by the control logic.

/** errors.NewAggregate: nothing, the one error itself, or an Error listing several as "[a, b]". */
export function aggregate(errors: readonly unknown[]): unknown {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new AggregateError(errors, `[${errors.map(message).join(", ")}]`);
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
