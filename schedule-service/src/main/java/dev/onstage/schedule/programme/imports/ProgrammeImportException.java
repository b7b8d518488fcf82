package dev.onstage.schedule.programme.imports;

/**
 * The input is not a programme we can import. Every parser in this package reports malformed input with this
 * exception only, never with the exceptions of the libraries underneath.
 */
public class ProgrammeImportException extends RuntimeException {

    private final String where;
    private final String problem;

    /**
     * @param where   where in the input the problem is: {@code line 7} for text, {@code 14:3} (line:column) for
     *                XML, a JSON pointer such as {@code /schedule/conference/days/0/rooms/Saal 1/3/date} for JSON
     * @param problem what is wrong there, in words the organiser can act on
     */
    public ProgrammeImportException(String where, String problem) {
        this(where, problem, null);
    }

    public ProgrammeImportException(String where, String problem, Throwable cause) {
        super(problem + " (at " + where + ")", cause);
        this.where = where;
        this.problem = problem;
    }

    /** Where in the input the problem is; never blank. */
    public String where() {
        return where;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
