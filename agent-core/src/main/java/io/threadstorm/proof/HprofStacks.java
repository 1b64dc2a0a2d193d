package io.threadstorm.proof;

import java.io.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.HprofHeader;
import shark.HprofRecord;
import shark.HprofRecordTag;
import shark.StreamingHprofReader;

/**
 * The stack traces an HPROF file records for its threads (the heap graph does not index them): two streaming passes
 * over the file's top-level records, the second keeping only the strings the frames name.
 */
final class HprofStacks {

    private HprofStacks() {
    }

    /** Stack trace serial number to its frames, top first. */
    static Map<Integer, List<StackTraceElement>> read(File file) {
        HprofHeader header = HprofHeader.Companion.parseHeaderOf(file);
        Map<Long, HprofRecord.StackFrameRecord> frames = new HashMap<>();
        Map<Integer, long[]> traces = new HashMap<>();
        Map<Integer, Long> classNames = new HashMap<>();
        StreamingHprofReader.Companion.readerFor(file, header).readRecords(
                EnumSet.of(HprofRecordTag.STACK_FRAME, HprofRecordTag.STACK_TRACE, HprofRecordTag.LOAD_CLASS),
                (tag, length, reader) -> {
                    if (tag == HprofRecordTag.STACK_FRAME) {
                        HprofRecord.StackFrameRecord f = reader.readStackFrameRecord();
                        frames.put(f.getId(), f);
                    } else if (tag == HprofRecordTag.STACK_TRACE) {
                        HprofRecord.StackTraceRecord t = reader.readStackTraceRecord();
                        traces.put(t.getStackTraceSerialNumber(), t.getStackFrameIds());
                    } else {
                        HprofRecord.LoadClassRecord c = reader.readLoadClassRecord();
                        classNames.put(c.getClassSerialNumber(), c.getClassNameStringId());
                    }
                });
        Set<Long> wanted = new HashSet<>();
        for (HprofRecord.StackFrameRecord f : frames.values()) {
            wanted.add(f.getMethodNameStringId());
            wanted.add(f.getSourceFileNameStringId());
            Long cls = classNames.get(f.getClassSerialNumber());
            if (cls != null) {
                wanted.add(cls);
            }
        }
        Map<Long, String> strings = new HashMap<>();
        StreamingHprofReader.Companion.readerFor(file, header).readRecords(EnumSet.of(HprofRecordTag.STRING_IN_UTF8),
                (tag, length, reader) -> {
                    HprofRecord.StringRecord s = reader.readStringRecord(length);
                    if (wanted.contains(s.getId())) {
                        strings.put(s.getId(), s.getString());
                    }
                });
        Map<Integer, List<StackTraceElement>> out = new HashMap<>();
        for (Map.Entry<Integer, long[]> t : traces.entrySet()) {
            List<StackTraceElement> stack = new ArrayList<>(t.getValue().length);
            for (long id : t.getValue()) {
                HprofRecord.StackFrameRecord f = frames.get(id);
                if (f == null) {
                    continue;
                }
                Long cls = classNames.get(f.getClassSerialNumber());
                String className = cls == null ? "unknown" : strings.getOrDefault(cls, "unknown").replace('/', '.');
                String method = strings.getOrDefault(f.getMethodNameStringId(), "unknown");
                String source = strings.get(f.getSourceFileNameStringId());
                // HPROF line numbers: > 0 a line, -1 unknown, -2 compiled, -3 native
                int line = f.getLineNumber() == -3 ? -2 : Math.max(f.getLineNumber(), -1);
                stack.add(new StackTraceElement(className, method, source == null || source.isEmpty() ? null : source,
                        line));
            }
            out.put(t.getKey(), stack);
        }
        return out;
    }
}
