package dev.onstage.notification.reminders;

/**
 * Told of every event the hub accepts (each once per instance, duplicates dropped), in the topic's order, on the
 * consumer's thread: must not block. Web Push is one (push/PushListener).
 */
public interface ReminderListener {

    void accepted(Reminder reminder);
}
