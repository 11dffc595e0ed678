package dev.faultline.uaccess;

import dev.faultline.memory.Region;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileCopyTest extends UserCopyContract {
    @Override
    UserCopy mechanism() {
        return FileCopy.INSTANCE;
    }

    @Test
    void shouldReadAWriteOnlyPageLikeTheX86Cpu() {
        assertTrue(mechanism().tagChecked());
        try (Region r = Region.of("wo")) {
            assertEquals(0, UserCopies.fromUser(mechanism(), r, 0, PAGE).notCopied());
        }
    }

    @Test
    void shouldFaultInAZappedPage() {
        try (Region r = Region.of("rw,zap")) {
            assertEquals(0, UserCopies.fromUser(mechanism(), r, 0, 2 * PAGE).notCopied());
        }
    }
}
