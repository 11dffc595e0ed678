package dev.faultline.cli;

/**
 * A command of the command line. An instance serves one command line: {@link #spec} binds the
 * options to its fields, the parser sets them, then {@link #call} runs.
 */
interface Command {
    /** @return the command's name, what it does, and its options bound to this instance */
    Spec spec();

    /**
     * Runs the command with its options set.
     *
     * @param in where to print, and which options the command line gave
     * @return the exit status: 0
     * @throws BadInput               a combination of options that cannot run, before any work
     * @throws IllegalArgumentException bad input found deeper down (a layout, a range)
     * @throws Exception              anything else: an internal failure, exit 1
     */
    int call(Invocation in) throws Exception;
}
