package io.threadstorm.dump;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads thread dumps taken without the agent, whichever of the {@link DumpFormat formats} they are in: a dump that
 * starts with <code>{</code> is the JSON of {@code Thread.dump_to_file -format=json}, anything else is read as text,
 * where the thread lines tell {@code Thread.print} ({@code "name" #12 …}) from the {@code Thread.dump_to_file} text
 * ({@code #12 "name" …}).
 * <p>Lines that are not understood are skipped and counted ({@link ThreadDump#skippedLines()}), so a dump cut out of
 * a log still reads; input in which no thread at all can be found is a {@link MalformedDumpException}, never an
 * empty result.
 */
public final class ThreadDumps {

    /** How much leading white space is looked through to find out the format. */
    private static final int SNIFF_LIMIT = 1 << 16;

    private ThreadDumps() {
    }

    /**
     * @param file a dump file, UTF-8 (bytes that are not UTF-8 are replaced, not fatal)
     * @throws MalformedDumpException when it is not a thread dump
     * @throws IOException            when it cannot be read
     */
    public static ThreadDump parse(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder)) {
            return parse(reader, file.toString());
        }
    }

    /**
     * @param text a whole dump
     * @throws MalformedDumpException when it is not a thread dump; its source is {@code <string>}
     */
    public static ThreadDump parse(String text) throws MalformedDumpException {
        try {
            return parse(new StringReader(text), "<string>");
        } catch (MalformedDumpException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /**
     * @param reader the dump; read to its end, not closed
     * @param source how messages name the input (a file name, {@code <stdin>})
     * @throws MalformedDumpException when it is not a thread dump
     * @throws IOException            when the reader fails
     */
    public static ThreadDump parse(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        in.mark(SNIFF_LIMIT + 1);
        int c;
        int read = 0;
        do {
            c = in.read();
            read++;
        } while (c != -1 && (Character.isWhitespace(c) || c == '\uFEFF') && read <= SNIFF_LIMIT);
        if (c == -1) {
            throw new MalformedDumpException(source, 0, read <= 1 ? "empty input, expected a thread dump"
                    : "only blank lines, expected a thread dump");
        }
        if (read > SNIFF_LIMIT) {
            throw new MalformedDumpException(source, 0, "more than " + SNIFF_LIMIT
                    + " blank characters before any content, expected a thread dump");
        }
        in.reset();
        if (in.read() != '\uFEFF') { // a byte order mark is no part of the dump
            in.reset();
        }
        if (c == '{' || c == '[') {
            return JsonDumpParser.parse(in, source);
        }
        return TextDumpParser.parse(in, source);
    }
}
