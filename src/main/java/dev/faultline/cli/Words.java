package dev.faultline.cli;

import dev.faultline.faultin.AccessMode;
import dev.faultline.faultin.KernelEra;
import dev.faultline.faultin.ProbeMechanism;
import dev.faultline.faultin.ProbeMechanisms;
import dev.faultline.faultin.ProbeImpl;
import dev.faultline.faultin.Strategy;
import dev.faultline.loops.LoopName;
import dev.faultline.memory.Backing;
import dev.faultline.oracle.OracleLoop;
import dev.faultline.race.InjectorKind;
import dev.faultline.uaccess.UserCopies;
import dev.faultline.uaccess.UserCopy;

import java.util.Arrays;
import java.util.List;

/**
 * The valid words of every enumerated option, from the classes that parse them, for --help
 * ({@code ${COMPLETION-CANDIDATES}}). Passed as {@code Words::strategies}: asked for only when
 * help or a typo needs them.
 */
final class Words {
    private Words() {
    }

    /** --backing. */
    static List<String> backings() {
        return Arrays.stream(Backing.values()).map(Backing::word).toList();
    }

    /** --strategy. */
    static List<String> strategies() {
        return Arrays.stream(Strategy.values()).map(Strategy::word).toList();
    }

    /** --access. */
    static List<String> accesses() {
        return Arrays.stream(AccessMode.values()).map(AccessMode::word).toList();
    }

    /** --kernel. */
    static List<String> kernels() {
        return Arrays.stream(KernelEra.values()).map(KernelEra::word).toList();
    }

    /** probe --impl. */
    static List<String> impls() {
        return Arrays.stream(ProbeImpl.values()).map(ProbeImpl::word).toList();
    }

    /** loop --loop, race --loops. */
    static List<String> loopNames() {
        return Arrays.stream(LoopName.values()).map(LoopName::word).toList();
    }

    /** oracle --loops: the comparisons the oracle knows. */
    static List<String> oracleLoops() {
        return Arrays.stream(OracleLoop.values()).map(OracleLoop::word).toList();
    }

    /** --probe: the probe mechanisms, in the order of the default choice. */
    static List<String> probes() {
        return ProbeMechanisms.ORDER.stream().map(ProbeMechanism::name).toList();
    }

    /** --inject, race --injectors. */
    static List<String> injectors() {
        return Arrays.stream(InjectorKind.values()).map(InjectorKind::word).toList();
    }

    /** --bail, race --policies. */
    static List<String> policies() {
        return List.of("both-fail", "second-fault", "after-K");
    }

    /** copy --via, --copy. */
    static List<String> copies() {
        return UserCopies.all().stream().map(UserCopy::name).toList();
    }

    /** copy --dir. */
    static List<String> directions() {
        return List.of("from-user", "to-user");
    }

    /** matrix --format. */
    static List<String> matrixFormats() {
        return List.of("table", "markdown", "json", "csv");
    }

    /** oracle --format. */
    static List<String> oracleFormats() {
        return List.of("table", "markdown");
    }
}
