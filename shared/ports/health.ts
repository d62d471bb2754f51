/** A component the platform depends on, checked by GET /health. Throws when the component is down. */
export type HealthProbe = () => Promise<void>;
