package dev.faultline.uaccess;

import dev.faultline.memory.Region;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class VmCopyTest extends UserCopyContract {
    @Override
    UserCopy mechanism() {
        return VmCopy.INSTANCE;
    }

    @Test
    void shouldRefuseToReadAWriteOnlyPageLikeGup() {
        assertFalse(mechanism().tagChecked());
        try (Region r = Region.of("wo")) {
            assertEquals(PAGE, UserCopies.fromUser(mechanism(), r, 0, PAGE).notCopied());
        }
    }
}
