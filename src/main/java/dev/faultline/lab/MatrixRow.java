package dev.faultline.lab;

import dev.faultline.loops.Outcome;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cell of the matrix.
 *
 * @param loop     loop name
 * @param strategy strategy word
 * @param fault    the case
 * @param outcome  what the run gave
 */
public record MatrixRow(String loop, String strategy, FaultCase fault, Outcome outcome) {
    /** @return the row as the JSON/CSV fields of design.md, plus context */
    public Map<String, Object> fields() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("loop", loop);
        m.put("strategy", strategy);
        m.put("fault", fault.name());
        m.put("verdict", outcome.verdict().name());
        m.put("bytes", outcome.bytes());
        m.put("rounds", outcome.rounds());
        m.put("probes", outcome.probes());
        m.put("possible", outcome.possible());
        m.put("requested", outcome.requested());
        m.put("syscalls", outcome.syscalls());
        m.put("spuriousFaults", outcome.spuriousFaults());
        m.put("layout", fault.layout());
        m.put("offset", fault.offset());
        m.put("size", fault.size());
        return m;
    }
}
