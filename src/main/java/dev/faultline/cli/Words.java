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
import java.util.Iterator;
import java.util.List;

/**
 * The valid words of every enumerated option, from the classes that parse them, for picocli's
 * {@code completionCandidates} (and so {@code ${COMPLETION-CANDIDATES}} in --help).
 */
final class Words {
    private Words() {
    }

    /** A fixed list of words. */
    abstract static class Of implements Iterable<String> {
        private final List<String> words;

        Of(final List<String> words) {
            this.words = List.copyOf(words);
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    /** --backing. */
    static final class Backings extends Of {
        Backings() {
            super(Arrays.stream(Backing.values()).map(Backing::word).toList());
        }
    }

    /** --strategy. */
    static final class Strategies extends Of {
        Strategies() {
            super(Arrays.stream(Strategy.values()).map(Strategy::word).toList());
        }
    }

    /** --access. */
    static final class Accesses extends Of {
        Accesses() {
            super(Arrays.stream(AccessMode.values()).map(AccessMode::word).toList());
        }
    }

    /** --kernel. */
    static final class Kernels extends Of {
        Kernels() {
            super(Arrays.stream(KernelEra.values()).map(KernelEra::word).toList());
        }
    }

    /** probe --impl. */
    static final class Impls extends Of {
        Impls() {
            super(Arrays.stream(ProbeImpl.values()).map(ProbeImpl::word).toList());
        }
    }

    /** loop --loop, race --loops. */
    static final class LoopNames extends Of {
        LoopNames() {
            super(Arrays.stream(LoopName.values()).map(LoopName::word).toList());
        }
    }

    /** oracle --loops: the comparisons the oracle knows. */
    static final class OracleLoops extends Of {
        OracleLoops() {
            super(Arrays.stream(OracleLoop.values()).map(OracleLoop::word).toList());
        }
    }

    /** --probe: the probe mechanisms, in the order of the default choice. */
    static final class Probes extends Of {
        Probes() {
            super(ProbeMechanisms.ORDER.stream().map(ProbeMechanism::name).toList());
        }
    }

    /** --inject, race --injectors. */
    static final class Injectors extends Of {
        Injectors() {
            super(Arrays.stream(InjectorKind.values()).map(InjectorKind::word).toList());
        }
    }

    /** --bail, race --policies. */
    static final class Policies extends Of {
        Policies() {
            super(List.of("both-fail", "second-fault", "after-K"));
        }
    }

    /** copy --via, --copy. */
    static final class Copies extends Of {
        Copies() {
            super(UserCopies.all().stream().map(UserCopy::name).toList());
        }
    }

    /** copy --dir. */
    static final class Directions extends Of {
        Directions() {
            super(List.of("from-user", "to-user"));
        }
    }

    /** matrix --format. */
    static final class MatrixFormats extends Of {
        MatrixFormats() {
            super(List.of("table", "markdown", "json", "csv"));
        }
    }

    /** oracle --format. */
    static final class OracleFormats extends Of {
        OracleFormats() {
            super(List.of("table", "markdown"));
        }
    }
}
