package dev.faultline.lab;

/** Progress of a long experiment; implementations print it (cli) or ignore it. */
@FunctionalInterface
public interface Progress {
    /** Ignores progress. */
    Progress NONE = (what, done, total) -> { };

    /**
     * @param what  the step just finished
     * @param done  steps finished
     * @param total steps in all
     */
    void step(String what, int done, int total);
}
