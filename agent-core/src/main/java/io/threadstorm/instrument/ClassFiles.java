package io.threadstorm.instrument;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent reads in a class file without a bytecode library: the classes its constant pool refers to, and the
 * same class with names renamed in its constant pool. Both walk the pool once; the rest of the file is not parsed.
 */
public final class ClassFiles {

    private ClassFiles() {
    }

    /** The internal names of the classes a class file's constant pool refers to. */
    public static List<String> classReferences(byte[] b) {
        int[] at = pool(b);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < at.length; i++) {
            if (at[i] != 0 && b[at[i]] == 7) {
                int name = at[((b[at[i] + 1] & 0xff) << 8) | (b[at[i] + 2] & 0xff)];
                if (name != 0 && b[name] == 1) {
                    out.add(utf8(b, name + 1));
                }
            }
        }
        return out;
    }

    /**
     * The class file with every occurrence of each key of {@code renames} in its constant pool's UTF-8 entries (class
     * names, descriptors, signatures, string constants) replaced by the value. Entries that are not plain ASCII are
     * kept as they are. Indexes do not move: nothing else in the file changes.
     */
    public static byte[] renamed(byte[] b, Map<String, String> renames) {
        int[] at = pool(b);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(b.length + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        int copied = 0;
        try {
            for (int i = 1; i < at.length; i++) {
                if (at[i] == 0 || b[at[i]] != 1) {
                    continue;
                }
                int from = at[i] + 1;
                int len = ((b[from] & 0xff) << 8) | (b[from + 1] & 0xff);
                String text = utf8(b, from);
                String changed = text;
                for (Map.Entry<String, String> r : renames.entrySet()) {
                    changed = changed.replace(r.getKey(), r.getValue());
                }
                if (changed.equals(text) || !ascii(b, from + 2, len)) {
                    continue;
                }
                out.write(b, copied, from - copied);
                byte[] ascii = changed.getBytes(StandardCharsets.US_ASCII);
                out.writeShort(ascii.length);
                out.write(ascii);
                copied = from + 2 + len;
            }
            out.write(b, copied, b.length - copied);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from an array
        }
        return bytes.toByteArray();
    }

    /**
     * The offset of each constant's tag byte, by index; 0 for index 0 and the second slot of a long or a double.
     * Throws {@link IllegalArgumentException} when {@code b} is not a class file.
     */
    private static int[] pool(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        if (b.length < 10 || in.getInt(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int[] at = new int[in.getShort(8) & 0xffff];
        int p = 10;
        for (int i = 1; i < at.length; i++) {
            at[i] = p;
            int tag = b[p];
            p += 1 + switch (tag) {
                case 1 -> 2 + (in.getShort(p + 1) & 0xffff);
                case 7, 8, 16, 19, 20 -> 2;
                case 15 -> 3;
                case 3, 4, 9, 10, 11, 12, 17, 18 -> 4;
                case 5, 6 -> 8;
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            };
            if (tag == 5 || tag == 6) {
                i++; // takes two slots
            }
        }
        return at;
    }

    private static String utf8(byte[] b, int at) {
        int len = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
        return new String(b, at + 2, len, StandardCharsets.UTF_8);
    }

    private static boolean ascii(byte[] b, int from, int len) {
        for (int k = from; k < from + len; k++) {
            if (b[k] <= 0) {
                return false; // a NUL is written as two bytes in class files; multi-byte sequences have the top bit
            }
        }
        return true;
    }
}
