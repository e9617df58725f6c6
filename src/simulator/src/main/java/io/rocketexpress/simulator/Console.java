package io.rocketexpress.simulator;

import java.io.PrintStream;

/**
 * Where a mission reports: progress lines (what a platform team reads with {@code kubectl logs}) and the one line
 * explaining a refusal to run.
 */
public interface Console {

    void progress(String line);

    void error(String line);

    /** Standard output and standard error of the process. */
    static Console standard() {
        return of(System.out, System.err);
    }

    static Console of(PrintStream out, PrintStream err) {
        return new Console() {
            @Override
            public void progress(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void error(String line) {
                err.println(line);
                err.flush();
            }
        };
    }
}
