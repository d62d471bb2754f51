import { loadConfig } from '../../../shared/config/config';

/** Floor 2: the settings every function reads at cold start, checked with zod (classic, as the bundles alias it). */
const config = loadConfig(process.env);

export const handler = async (): Promise<string> => config.TABLE_NAME;
