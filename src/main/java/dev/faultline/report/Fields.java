package dev.faultline.report;

import dev.faultline.lab.MatrixRow;
import dev.faultline.lab.Race;
import dev.faultline.loops.Outcome;
import dev.faultline.oracle.Oracle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One serializer per record: the JSON and CSV fields of every result Faultline prints, with the
 * keys of docs/design.md ("Command line"). A record is written by its method here and nowhere
 * else, so a key has one spelling in every output.
 */
public final class Fields {
    private Fields() {
    }

    /** @return the fields of one loop run, in order */
    public static Map<String, Object> outcome(final Outcome o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("loop", o.loop());
        m.put("verdict", o.verdict().name());
        m.put("bytes", o.bytes());
        m.put("requested", o.requested());
        m.put("possible", o.possible());
        m.put("rounds", o.rounds());
        m.put("probes", o.probes());
        m.put("syscalls", o.syscalls());
        m.put("faultsAfterCleanFaultIn", o.faultsAfterCleanFaultIn());
        m.put("error", o.error());
        m.put("injections", o.injections());
        m.put("lostBytes", o.lostBytes());
        return m;
    }

    /** @return a matrix cell: loop, strategy, fault, its outcome's fields, then the case */
    public static Map<String, Object> matrixRow(final MatrixRow r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("loop", r.loop().word());
        m.put("strategy", r.strategy().word());
        m.put("fault", r.fault().name());
        final Map<String, Object> o = outcome(r.outcome());
        o.remove("loop");
        m.putAll(o);
        m.put("layout", r.fault().layout());
        m.put("offset", r.fault().offset());
        m.put("size", r.fault().size());
        return m;
    }

    /** @return one comparison of the real kernel with the model */
    public static Map<String, Object> oracleRow(final Oracle.Row r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("loop", r.loop().word());
        m.put("layout", r.layout());
        m.put("offset", r.offset());
        m.put("size", r.size());
        m.put("kernel", r.kernel().name());
        m.put("kernelBytes", r.kernelBytes());
        m.put("model", r.model().name());
        m.put("modelBytes", r.modelBytes());
        m.put("landed", r.landed());
        m.put("agree", r.agree());
        m.put("explanation", r.explanation());
        return m;
    }

    /** @return one loop x policy x injector row of the race experiment */
    public static Map<String, Object> raceRow(final Race.Row r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("loop", r.loop());
        m.put("policy", r.policy());
        m.put("injector", r.injector());
        m.put("runs", r.runs());
        m.put("completed", r.completed());
        m.put("spurious", r.spurious());
        m.put("lost", r.lost());
        m.put("rounds", r.rounds());
        m.put("injections", r.injections());
        m.put("faultsAfterCleanFaultIn", r.faultsAfterCleanFaultIn());
        return m;
    }
}
