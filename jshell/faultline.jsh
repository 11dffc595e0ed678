// Faultline's jshell start-up: `bin/faultline jshell`. Native access is on in the remote JVM.
import dev.faultline.memory.*;
import dev.faultline.uaccess.*;
import dev.faultline.faultin.*;
import dev.faultline.loops.*;
import dev.faultline.race.*;
import dev.faultline.mte.*;
import dev.faultline.lab.*;

/** A region of the layout (private anonymous; PROT_MTE where MTE is available). */
Region region(String layout) { return Regions.of(layout, Backing.ANON); }

/** Expected and measured access, one character per page. */
String map(Region r) {
    var m = r.measure();
    return r.expectedMap() + "\n" + m.gup() + "\n" + m.uaccess() + "\n" + Access.LEGEND;
}

/** One fault-in over the whole region. */
FaultInResult probe(Region r, String strategy, String access) {
    return FaultIn.faultIn(Strategy.of(strategy), AccessMode.of(access), KernelEra.CURRENT, r, 0, r.size());
}

/** One loop run over the whole region. */
Outcome loop(String loop, String strategy, Region r) {
    return Loops.byName(loop).run(r, 0, r.size(), LoopConfig.of(Strategy.of(strategy)));
}

/** The whole matrix as a terminal table. */
String matrix() { return Reports.table(Matrix.run(LoopConfig.of(Strategy.PAGE), Backing.ANON, Progress.NONE)); }

System.out.println("Faultline: var r = region(\"rw*2,none\"); map(r); probe(r, \"page\", \"read\"); loop(\"btrfs-search\", \"first-byte\", region(\"rw,none\")); matrix()");
