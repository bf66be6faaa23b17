/** The SMTP adapter's settings (see secure-connection/server-settings.ts for why adapters own them). */
import type { ServerSettings } from '../secure-connection/server-settings.js';

/** Address and transport security; the login comes with the credentials, resolved per send. */
export type SmtpSettings = ServerSettings;
