package dev.faultline.cli;

/**
 * A command line that cannot run: an unknown word, a missing or invalid value, options that do
 * not go together. {@link Main} prints it as one line, {@code COMMAND: MESSAGE (see --help)},
 * and exits 2. Thrown by the parser and by a command before it starts work; an
 * {@link IllegalArgumentException} from deeper down (a layout, a range) is bad input too, but
 * its line does not point to --help.
 */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command as typed after {@code faultline} ("map", "mte status"), or null: the one that runs. */
    private final String command;

    /** @param message what is wrong, with the offending value */
    BadInput(final String message) {
        this(null, message);
    }

    /**
     * @param command the command the words belong to, as typed after {@code faultline}
     * @param message what is wrong, with the offending value
     */
    BadInput(final String command, final String message) {
        super(message, null, false, false);
        this.command = command;
    }

    /** @return the command named in the line, or null for the one that runs */
    String command() {
        return command;
    }
}
