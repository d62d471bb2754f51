/**
 * How long the local SES and SMS emulators keep an idle connection open: longer than Node's 5 s, which sends retried after a few
 * seconds' backoff would meet just as the server closes the socket they reuse (a reset connection,
 * whose send the channel must count as outcome unknown).
 */
export const emulatorKeepAliveMs = 30_000;
