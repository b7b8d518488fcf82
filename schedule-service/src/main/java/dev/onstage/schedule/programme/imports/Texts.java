package dev.onstage.schedule.programme.imports;

/**
 * Text that a programme may hold. Control characters are refused: U+0000 cannot be stored in PostgreSQL at all,
 * U+001F separates the speakers in the database, and none of them belongs in a title, a name or an abstract. Tab,
 * line feed and carriage return are text.
 */
public final class Texts {

    public static final String PRINTABLE_MESSAGE = "must not be blank or contain control characters";

    private Texts() {
    }

    /** The first control character (C0 but tab, line feed, carriage return; DEL) in {@code text}, or -1. */
    public static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether {@code text} has something to read (a character that is neither white space nor a control character)
     * and no control character, in one pass. (It was a regular expression, {@code [^C]*[^C\\s][^C]*}, which
     * backtracks quadratically: 32,000 characters ending in a control character took 26 s; issue 15, item 5.)
     * Check the length before calling this.
     */
    public static boolean printable(String text) {
        boolean readable = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return false;
            }
            readable |= c > ' ' && c != 0x7F;
        }
        return readable;
    }

    /**
     * A lone CR (old Mac text, {@code &#13;} in XML, {@code \\r} in JSON) as a line feed; CR LF stays as written. A lone
     * CR would otherwise reach the iCalendar output as it is (ical4j escapes only CR LF and LF), where it breaks the
     * line (issue 15, item 12).
     */
    public static String lineFeeds(String text) {
        if (text == null || text.indexOf('\r') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n') ? '\n' : c);
        }
        return out.toString();
    }

    /** "contains the control character U+0000 at character 12". */
    public static String describeControl(String text, int index) {
        return String.format("contains the control character U+%04X at character %d", (int) text.charAt(index),
                index + 1);
    }

    /** Refuses {@code text} (may be null) when it has a control character; {@code what} names it, e.g. "the title". */
    static void requireNoControl(String text, String where, String what) {
        if (text == null) {
            return;
        }
        int index = firstControl(text);
        if (index >= 0) {
            throw new ProgrammeImportException(where, what + " " + describeControl(text, index));
        }
    }
}
