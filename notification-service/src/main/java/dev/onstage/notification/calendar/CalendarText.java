package dev.onstage.notification.calendar;

/**
 * Text as an iCalendar TEXT value may hold it. ical4j escapes CR LF and LF, but writes a lone carriage return as it is,
 * which breaks the line in the calendar (issue 15, item 12): it becomes a line feed. Other control characters (but tab)
 * have no place in a TEXT value (RFC 5545 3.3.11) and are left out. The programme topic is a public interface, so its
 * texts are not trusted to be clean.
 */
final class CalendarText {

    private CalendarText() {
    }

    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean loneCr = c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n');
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
            if (out == null && (loneCr || control)) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (loneCr) {
                    out.append('\n');
                } else if (!control) {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
