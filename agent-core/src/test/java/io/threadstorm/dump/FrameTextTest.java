package io.threadstorm.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            at com.acme.Foo.bar(Foo.java:12)                                | com.acme.Foo.bar(Foo.java:12)
            at java.lang.Object.wait(java.base@17.0.15/Native Method)       | java.base@17.0.15/java.lang.Object.wait(Native Method)
            at java.lang.Thread.run(java.base@17.0.15/Thread.java:840)      | java.base@17.0.15/java.lang.Thread.run(Thread.java:840)
            at com.acme.X$$Lambda$14/0x00007f67e4002ce8.run(Unknown Source) | com.acme.X$$Lambda$14/0x00007f67e4002ce8.run(Unknown Source)
            at java.lang.VirtualThread$$Lambda/0x000000008c014f68.run(java.base@25.0.3/Unknown Source) | java.base@25.0.3/java.lang.VirtualThread$$Lambda/0x000000008c014f68.run(Unknown Source)
            java.base/java.lang.Thread.sleep0(Native Method)                | java.base/java.lang.Thread.sleep0(Native Method)
            app//com.acme.X.y(X.java:3)                                     | app//com.acme.X.y(X.java:3)
            com.foo.loader/foo@1.0/com.foo.Main.run(Main.java:1)            | com.foo.loader/foo@1.0/com.foo.Main.run(Main.java:1)
            com.acme.Gen.<init>(Gen.java)                                   | com.acme.Gen.<init>(Gen.java)
            """)
    void readsBothNotations(String text, String asStackTraceElement) {
        assertEquals(asStackTraceElement, FrameText.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "at", "at nothing", "Dear diary, (today)", "at .run(X.java:1)", "at Foo.(X.java:1)",
        "at com.acme.Foo.bar(Foo.java:12", "a/b/c/d.e(F.java:1)"})
    void rejectsWhatIsNoFrame(String text) {
        assertNull(FrameText.parse(text));
    }

    @org.junit.jupiter.api.Test
    void nativeAndUnknownLines() {
        StackTraceElement nativeFrame = FrameText.parse("at sun.nio.ch.Net.accept(java.base@25.0.3/Native Method)");
        assertTrue(nativeFrame.isNativeMethod());
        assertEquals("java.base", nativeFrame.getModuleName());
        assertEquals("25.0.3", nativeFrame.getModuleVersion());
        StackTraceElement unknown = FrameText.parse("com.acme.X.y(Unknown Source)");
        assertNull(unknown.getFileName());
        assertEquals(-1, unknown.getLineNumber());
    }
}
