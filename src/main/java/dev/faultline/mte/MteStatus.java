package dev.faultline.mte;

import dev.faultline.sys.Arch;
import dev.faultline.sys.Errno;
import dev.faultline.sys.Prctl;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether arm64 MTE can be used by this JVM, and the one reason why not.
 *
 * @param available whether MTE regions and tag-checked probes can be built here
 * @param reason    why not (or what was found)
 * @param hwcap2Mte whether AT_HWCAP2 has HWCAP2_MTE (bit 18)
 * @param modes     tag-check modes this machine offers ({@code sync}, {@code async},
 *                  {@code asymm})
 */
public record MteStatus(boolean available, String reason, boolean hwcap2Mte, List<String> modes) {
    /** @return the status of this machine and JVM */
    public static MteStatus detect() {
        if (!Arch.isArm64()) {
            return new MteStatus(false, "this is " + Arch.name() + ": MTE is an arm64 (ARMv8.5) feature; run on an"
                    + " arm64 MTE board or in the emulated MTE machine", false, List.of());
        }
        final long hwcap2 = Prctl.getauxval(Prctl.AT_HWCAP2);
        final boolean mte = (hwcap2 & Prctl.HWCAP2_MTE) != 0;
        if (!mte) {
            return new MteStatus(false, "AT_HWCAP2 lacks HWCAP2_MTE: the CPU or the kernel (CONFIG_ARM64_MTE) has no MTE",
                    false, List.of());
        }
        final long ctrl = Prctl.prctl(Prctl.PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
        if (ctrl < 0) {
            return new MteStatus(false, "prctl(PR_GET_TAGGED_ADDR_CTRL) refused: " + Errno.describe((int) -ctrl)
                    + " (kernel without the tagged-address ABI?)", true, List.of());
        }
        final List<String> modes = new ArrayList<>(List.of("sync", "async"));
        if ((hwcap2 & Prctl.HWCAP2_MTE3) != 0) {
            modes.add("asymm");
        }
        return new MteStatus(true, "MTE available: AT_HWCAP2 has HWCAP2_MTE and the tagged-address ABI answers"
                + " (control word 0x" + Long.toHexString(ctrl) + ")", true, modes);
    }
}
