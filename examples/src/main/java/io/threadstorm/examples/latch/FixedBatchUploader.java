package io.threadstorm.examples.latch;

import io.threadstorm.examples.Workload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

/**
 * The same multi-part upload handler and the same faulty client as {@link LeakyBatchUploader}, but
 * each part counts the latch down in {@code finally} and records the failure, so the committer
 * always wakes up and either writes the manifest or cleans up the partial upload.
 */
public class FixedBatchUploader {

    record Part(int index, byte[] data, long crc) {}

    private final Map<String, byte[]> blobStore = new ConcurrentHashMap<>();

    void upload(String uploadId, List<Part> parts) {
        CountDownLatch allStored = new CountDownLatch(parts.size());
        AtomicBoolean failed = new AtomicBoolean();
        Thread committer = new Thread(() -> {
            try {
                allStored.await();
                if (failed.get()) {
                    blobStore.keySet().removeIf(key -> key.startsWith(uploadId + "/"));
                } else {
                    blobStore.put(uploadId + "/manifest", ("parts=" + parts.size()).getBytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "upload-commit-" + uploadId);
        committer.start();
        for (Part part : parts) {
            try {
                store(uploadId, part);
            } catch (IllegalArgumentException e) {
                failed.set(true);
                System.err.println("upload " + uploadId + " rejected: " + e.getMessage());
            } finally {
                allStored.countDown();
            }
        }
    }

    private void store(String uploadId, Part part) {
        if (crc(part.data()) != part.crc()) {
            throw new IllegalArgumentException("checksum mismatch in part " + part.index());
        }
        blobStore.put(uploadId + "/" + part.index(), part.data());
    }

    static List<Part> clientParts(int n) {
        byte[] a = ("chunk-a-" + n).getBytes(), b = ("chunk-b-" + n).getBytes(), c = ("chunk-c-" + n).getBytes();
        return List.of(new Part(0, a, crc(a)), new Part(1, b, crc(b)), new Part(2, c, crc(a)));
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    public static void main(String[] args) {
        FixedBatchUploader uploader = new FixedBatchUploader();
        Workload.parse(args).run(n -> uploader.upload("u" + n, clientParts(n)));
    }
}
