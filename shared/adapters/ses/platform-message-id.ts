/**
 * The message tag (and header) that carries the platform's message id. SES puts a send's
 * `EmailTags` into `mail.tags` of every event it publishes for it; the header travels with the
 * mail itself (and is what the local SES emulator keeps, since it drops tags).
 *
 * A module of its own so the sending side (ses-email-channel.ts) can name them without loading the
 * SES event schemas of ./ses-event.ts, which only the event consumer parses with.
 */
export const platformMessageTag = 'platform-message-id';
export const platformMessageHeader = 'X-Platform-Message-Id';
