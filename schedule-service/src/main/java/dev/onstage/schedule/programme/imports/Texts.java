package dev.onstage.schedule.programme.imports;

/**
 * Text that a programme may hold. Control characters are refused: U+0000 cannot be stored in PostgreSQL at all,
 * U+001F separates the speakers in the database, and none of them belongs in a title, a name or an abstract. Tab,
 * line feed and carriage return are text.
 */
public final class Texts {

    /** For bean validation: text with something to read and no control characters. */
    public static final String PRINTABLE = "(?s)[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*"
            + "[^\\x00-\\x1F\\x7F\\s][^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*";
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
