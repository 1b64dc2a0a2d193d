package io.threadstorm.dump;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the JSON of {@code jcmd <pid> Thread.dump_to_file -format=json} (JDK 21+). It walks the document as a
 * stream down to each thread, so a malformed entry is reported at its line and a large dump is never held twice.
 * <p>JDK 21 writes {@code tid}, {@code name} and {@code stack} only; JDK 25 adds {@code state}, {@code virtual},
 * {@code parkBlocker}, {@code blockedOn}, {@code waitingOn}, {@code monitorsOwned} and {@code carrier}. Fields it
 * does not know are ignored. Jackson is referred to only here, so reading a text dump never loads it.
 */
final class JsonDumpParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final DraftDump dump = new DraftDump();
    private final Set<Long> seen = new HashSet<>();
    private boolean sawContainers;

    private JsonDumpParser(String source) {
        this.source = source;
        dump.format = DumpFormat.DUMP_TO_FILE_JSON;
    }

    static ThreadDump parse(Reader reader, String source) throws IOException {
        JsonDumpParser parser = new JsonDumpParser(source);
        try (JsonParser json = MAPPER.createParser(reader)) {
            parser.readRoot(json);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new MalformedDumpException(source, at == null ? 0 : at.getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage(), e);
        }
        return parser.finish();
    }

    private ThreadDump finish() throws MalformedDumpException {
        if (!sawContainers) {
            throw new MalformedDumpException(source, 0,
                    "expected a \"threadDump\" object with \"threadContainers\" (jcmd Thread.dump_to_file -format=json)");
        }
        if (dump.threads.isEmpty()) {
            throw new MalformedDumpException(source, 0, "expected threads in \"threadContainers\", found none");
        }
        return dump.build();
    }

    private void readRoot(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedDumpException(source, json.currentTokenLocation().getLineNr(),
                    "expected a JSON object with a \"threadDump\" member, found " + json.currentToken());
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("threadDump") && value == JsonToken.START_OBJECT) {
                readThreadDump(json);
            } else {
                json.skipChildren();
            }
        }
    }

    private void readThreadDump(JsonParser json) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "processId" -> dump.pid = longOf(json.getValueAsString(), -1);
                case "time" -> dump.takenAt = instant(json.getValueAsString());
                case "runtimeVersion" -> dump.jvmVersion = json.getValueAsString();
                case "threadContainers" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new MalformedDumpException(source, json.currentTokenLocation().getLineNr(),
                                "expected \"threadContainers\" to be an array, found " + value);
                    }
                    sawContainers = true;
                    while (json.nextToken() != JsonToken.END_ARRAY) {
                        readContainer(json);
                    }
                }
                default -> json.skipChildren();
            }
        }
    }

    private void readContainer(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            json.skipChildren();
            dump.skippedLines++;
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("threads") && value == JsonToken.START_ARRAY) {
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    JsonNode thread = json.readValueAsTree();
                    readThread(thread);
                }
            } else {
                json.skipChildren();
            }
        }
    }

    private void readThread(JsonNode node) {
        long id = node == null ? -1 : longOf(node.path("tid").asText(""), -1);
        if (id < 0 || !node.path("name").isTextual()) {
            dump.skippedLines++; // not a thread entry we understand
            return;
        }
        if (!seen.add(id)) {
            return;
        }
        ThreadDraft t = new ThreadDraft();
        t.id = id;
        t.name = node.path("name").asText();
        t.state = ThreadDraft.parseState(node.path("state").asText(""));
        for (JsonNode frame : node.path("stack")) {
            StackTraceElement e = frame.isTextual() ? FrameText.parse(frame.asText()) : null;
            if (e != null) {
                t.stack.add(e);
            } else {
                dump.skippedLines++;
            }
        }
        // JDK 21 does not say which threads are virtual; a virtual thread's stack starts in VirtualThread.run
        t.virtual = node.has("virtual") ? node.path("virtual").asBoolean()
                : !t.stack.isEmpty() && isVirtualThreadRun(t.stack.get(t.stack.size() - 1));
        // at most one of these is set: blocked entering a monitor, in Object.wait, or parked
        if (node.path("blockedOn").isTextual()) {
            t.add(new LockLine(LockLine.Kind.WAITING_TO_LOCK, node.path("blockedOn").asText(), null));
        } else if (node.path("waitingOn").isTextual()) {
            t.add(new LockLine(LockLine.Kind.WAITING_ON, node.path("waitingOn").asText(), null));
        } else if (node.path("parkBlocker").path("object").isTextual()) {
            t.add(new LockLine(LockLine.Kind.PARKING, node.path("parkBlocker").path("object").asText(), null));
            // JDK 25 keeps parkBlocker an object "to allow for exclusiveOwnerThread in the future"
            t.lockOwnerId = longOf(node.path("parkBlocker").path("owner").asText(""), -1);
        }
        for (JsonNode owned : node.path("monitorsOwned")) {
            for (JsonNode lock : owned.path("locks")) {
                if (lock.isTextual()) { // null: a lock the JIT eliminated
                    t.add(new LockLine(LockLine.Kind.HELD, lock.asText(), null));
                }
            }
        }
        dump.threads.add(t);
    }

    private static boolean isVirtualThreadRun(StackTraceElement e) {
        return e.getClassName().equals("java.lang.VirtualThread") && e.getMethodName().equals("run");
    }

    private static LocalDateTime instant(String text) {
        try {
            return text == null ? null : LocalDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static long longOf(String text, long otherwise) {
        try {
            return text == null || text.isEmpty() ? otherwise : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
