package io.threadstorm.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LockLineTest {

    @Test
    void threadPrintLinesKeepTheAddress() {
        LockLine l = LockLine.parse("\t- parking to wait for  <0x000000069ec2ee30> (a java.util.concurrent.CountDownLatch$Sync)");
        assertEquals(LockLine.Kind.PARKING, l.kind());
        assertEquals("java.util.concurrent.CountDownLatch$Sync@69ec2ee30", l.lock());
        assertEquals("0x000000069ec2ee30", l.address());

        assertEquals(LockLine.Kind.WAITING_TO_LOCK,
                LockLine.parse("- waiting to lock <0x000000069ec1efb8> (a java.lang.Object)").kind());
        assertEquals(LockLine.Kind.WAITING_TO_LOCK,
                LockLine.parse("- waiting to re-lock in wait() <0x0000000712345678> (a java.lang.Object)").kind());
        assertEquals(LockLine.Kind.WAITING_ON,
                LockLine.parse("- waiting on <0x000000069ec3f008> (a java.lang.Object)").kind());
        assertEquals(LockLine.Kind.HELD, LockLine.parse("- locked <0x000000069ec3f008> (a java.lang.Object)").kind());
        LockLine ownable = LockLine.parse("\t- <0x000000069ec1f120> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)");
        assertEquals(LockLine.Kind.HELD, ownable.kind());
        assertEquals("java.util.concurrent.locks.ReentrantLock$NonfairSync@69ec1f120", ownable.lock());
    }

    @Test
    void dumpToFileLinesCarryTheIdentityString() {
        LockLine l = LockLine.parse("    - waiting on <java.lang.ref.ReferenceQueue$Lock@2794b98e>");
        assertEquals(LockLine.Kind.WAITING_ON, l.kind());
        assertEquals("java.lang.ref.ReferenceQueue$Lock@2794b98e", l.lock());
        assertNull(l.address());
    }

    @Test
    void linesThatNameNoLock() {
        for (String s : new String[] {"- None", "- lock is eliminated", "- waiting on <no object reference available>",
            "- eliminated <owner is scalar replaced> (a java.lang.Object)"}) {
            assertNull(LockLine.parse(s), s);
            assertTrue(LockLine.isLockless(s), s);
        }
        assertNull(LockLine.parse("- waiting to lock <0x1>"), "an address without its class");
    }
}
