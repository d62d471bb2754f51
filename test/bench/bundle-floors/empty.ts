/** Floor 0: a handler and nothing else; what the measurement itself costs (module loading). */
export const handler = async (): Promise<Record<string, never>> => ({});
