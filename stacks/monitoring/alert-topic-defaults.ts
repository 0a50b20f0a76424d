import { DATA_KEY_DEFAULTS } from '../storage/data-key-defaults';

/** Defaults of AlertTopic. */
export const ALERT_TOPIC_DEFAULTS = {
  /** No e-mail subscriptions: environments list their own (config `alertEmails`). */
  emails: [] as readonly string[],
  /** The data key's. */
  keyDeletionWindowDays: DATA_KEY_DEFAULTS.deletionWindowInDays,
} as const;
