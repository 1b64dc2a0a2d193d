package io.threadstorm.classify;

import java.util.List;

/**
 * The classifier's verdict on one site.
 *
 * @param category   why its threads do not end
 * @param confidence 0..1, how strong the evidence is
 * @param waitingAt  the frame the threads wait at ({@code StackTraceElement.toString()}), or {@code null}
 * @param evidence   sentences a person can check, most telling first
 * @param fix        what to change, in one or two sentences
 */
public record Cause(Category category, double confidence, String waitingAt, List<String> evidence, String fix) {

    public Cause {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
