package io.threadstorm.examples.latch;

import io.threadstorm.examples.Workload;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32;

/**
 * A multi-part upload handler: a committer thread waits on a latch for all parts to be stored and
 * then writes the manifest, but {@code countDown()} is skipped when a part fails its checksum, so
 * that upload's committer waits in {@code CountDownLatch.await()} forever. {@link FixedBatchUploader}
 * counts down in {@code finally} and lets the committer abort a failed upload.
 */
public class LeakyBatchUploader {

    record Part(int index, byte[] data, long crc) {}

    private final Map<String, byte[]> blobStore = new ConcurrentHashMap<>();

    /** Called once per upload request. */
    void upload(String uploadId, List<Part> parts) {
        CountDownLatch allStored = new CountDownLatch(parts.size());
        Thread committer = new Thread(() -> {
            try {
                allStored.await();
                blobStore.put(uploadId + "/manifest", ("parts=" + parts.size()).getBytes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "upload-commit-" + uploadId);
        committer.start(); // threadstorm:leak-site
        try {
            for (Part part : parts) {
                store(uploadId, part);
                allStored.countDown(); // skipped when store() throws
            }
        } catch (IllegalArgumentException e) {
            System.err.println("upload " + uploadId + " rejected: " + e.getMessage());
        }
    }

    private void store(String uploadId, Part part) {
        CRC32 crc = new CRC32();
        crc.update(part.data());
        if (crc.getValue() != part.crc()) {
            throw new IllegalArgumentException("checksum mismatch in part " + part.index());
        }
        blobStore.put(uploadId + "/" + part.index(), part.data());
    }

    /** What the mobile client sends: its last part's checksum is computed before the final flush. */
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
        LeakyBatchUploader uploader = new LeakyBatchUploader();
        Workload.parse(args).run(n -> uploader.upload("u" + n, clientParts(n)));
    }
}
