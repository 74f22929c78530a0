// Environment colours: the same everywhere a target is shown (prod red, staging amber, dev green).

export function environmentColor(environment: string): string {
  switch (environment) {
    case "prod":
      return "var(--env-prod)";
    case "staging":
      return "var(--env-staging)";
    case "dev":
      return "var(--env-dev)";
    default:
      return "var(--env-custom)";
  }
}

/** Environments in the order the sidebar groups them: riskiest first. */
export function environmentRank(environment: string): number {
  // Sources opened by hand come last, after every environment.
  if (environment === "opened") return Number.MAX_SAFE_INTEGER;
  const order = ["prod", "staging", "dev"];
  const i = order.indexOf(environment);
  return i === -1 ? order.length : i;
}

/** Whether an environment name means production, as the policy reads it (`prod`, `production`,
 * `live`): plans for it are online by default. */
export function isProduction(environment: string): boolean {
  return ["prod", "production", "live"].includes(environment.toLowerCase());
}
