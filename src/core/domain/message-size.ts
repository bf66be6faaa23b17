/**
 * The largest message h2h takes in (import, and any other reader that wants one bound): 100 MB.
 * Real mail servers refuse far smaller (Gmail 25 MB, Exchange 150 MB at most); a bigger "message"
 * is a mistake or an attack, and reading it would hold it whole in memory.
 */
export const maxMessageBytes = 100 * 1024 * 1024;

/** "100 MB", for error messages. */
export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** "1.2 MB": for sizes near a limit, where whole megabytes would read as equal to it. */
export const megabytesTenths = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
