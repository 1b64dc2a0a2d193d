package io.threadstorm.dump;

import java.util.List;
import java.util.Locale;

/**
 * One lock line under a frame, {@code - parking to wait for  <0x…> (a java.util.concurrent.CountDownLatch$Sync)}
 * in {@code Thread.print} or {@code - parking to wait for <java.util.concurrent.CountDownLatch$Sync@32c32da5>} in
 * the {@code Thread.dump_to_file} text, and the entries of a "Locked ownable synchronizers" list,
 * {@code - <0x…> (a java.util.concurrent.locks.ReentrantLock$NonfairSync)}.
 *
 * @param kind    what the thread does with the lock
 * @param lock    the lock as {@code <class>@<hex>}
 * @param address the address as written ({@code 0x000000069ec1efb8}), or {@code null} for an identity string
 */
record LockLine(Kind kind, String lock, String address) {

    enum Kind {
        /** {@code - waiting to lock}: BLOCKED entering a monitor (or re-entering it after {@code wait()}). */
        WAITING_TO_LOCK,
        /** {@code - parking to wait for}: parked on a {@code LockSupport} blocker. */
        PARKING,
        /** {@code - waiting on}: in {@code Object.wait()}, the monitor released. */
        WAITING_ON,
        /** {@code - locked}, or an entry of the "Locked ownable synchronizers" list. */
        HELD
    }

    private record Phrase(String words, Kind kind) {
    }

    // longest first: "waiting to re-lock in wait()" before "waiting to lock"; the empty phrase is the ownable list
    private static final List<Phrase> PHRASES = List.of(
            new Phrase("waiting to re-lock in wait()", Kind.WAITING_TO_LOCK),
            new Phrase("waiting to lock", Kind.WAITING_TO_LOCK),
            new Phrase("parking to wait for", Kind.PARKING),
            new Phrase("waiting on", Kind.WAITING_ON),
            new Phrase("locked", Kind.HELD),
            new Phrase("", Kind.HELD));

    /**
     * @param text a line starting with {@code - } (indentation allowed)
     * @return the lock line, or {@code null} when it names no lock ({@code - None}, {@code - lock is eliminated},
     *         {@code - waiting on <no object reference available>}, {@code - eliminated <owner is scalar replaced>})
     */
    static LockLine parse(String text) {
        String s = text.strip();
        if (!s.startsWith("- ")) {
            return null;
        }
        s = s.substring(2).stripLeading();
        for (Phrase phrase : PHRASES) {
            String words = phrase.words();
            if (s.startsWith(words) && s.substring(words.length()).stripLeading().startsWith("<")
                    && (words.isEmpty() || Character.isWhitespace(s.charAt(words.length())))) {
                return lock(phrase.kind(), s.substring(words.length()).strip());
            }
        }
        return null;
    }

    /** Lock lines that name no lock, which dumps write in good order. */
    static boolean isLockless(String text) {
        String s = text.strip();
        s = s.startsWith("- ") ? s.substring(2).strip() : s;
        return s.equals("None") || s.equals("lock is eliminated") || s.startsWith("eliminated <")
                || s.endsWith("<no object reference available>");
    }

    /** {@code <0x…> (a some.Class)} or {@code <some.Class@hash>}. */
    private static LockLine lock(Kind kind, String s) {
        if (!s.startsWith("<")) {
            return null;
        }
        int close = s.indexOf('>');
        if (close < 0) {
            return null;
        }
        String inside = s.substring(1, close);
        if (inside.startsWith("0x")) {
            String rest = s.substring(close + 1).strip();
            if (!rest.startsWith("(a ") || !rest.endsWith(")")) {
                return null;
            }
            String className = rest.substring(3, rest.length() - 1).strip();
            return new LockLine(kind, className + "@" + shortHex(inside), inside);
        }
        int at = inside.lastIndexOf('@');
        if (at <= 0 || inside.indexOf(' ') >= 0) {
            return null; // "<no object reference available>", "<owner is scalar replaced>"
        }
        return new LockLine(kind, inside, null);
    }

    /** {@code 0x000000069ec1efb8} → {@code 69ec1efb8}, as {@code Integer.toHexString} would write a hash. */
    static String shortHex(String address) {
        String hex = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
        int i = 0;
        while (i < hex.length() - 1 && hex.charAt(i) == '0') {
            i++;
        }
        return hex.substring(i).toLowerCase(Locale.ROOT);
    }
}
