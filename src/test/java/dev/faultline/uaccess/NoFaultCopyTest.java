package dev.faultline.uaccess;

import dev.faultline.memory.Backing;
import dev.faultline.memory.Region;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoFaultCopyTest extends UserCopyContract {
    @Override
    UserCopy mechanism() {
        return NoFaultCopy.INSTANCE;
    }

    @Test
    void shouldStopAtAPageThatIsNotPresent() {
        try (Region r = Region.of("rw,zap,rw", Backing.MEMFD)) {
            assertEquals(PAGE + 100, UserCopies.fromUser(mechanism(), r, 100, 2 * PAGE).notCopied());
            assertEquals(2 * PAGE, UserCopies.toUser(mechanism(), r, PAGE, new byte[(int) (2 * PAGE)]).notCopied());
            // the uaccess copy takes the fault itself; afterwards the page is present
            assertEquals(0, UserCopies.fromUser(FileCopy.INSTANCE, r, PAGE, 1).notCopied());
            assertEquals(0, UserCopies.fromUser(mechanism(), r, 100, 2 * PAGE).notCopied());
        }
    }
}
