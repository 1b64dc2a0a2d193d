package io.threadstorm.classify;

import java.util.List;
import java.util.Locale;

/** Socket reads, accepts or selectors without timeout, file watches, blocking HTTP calls. */
final class IoCause extends CauseUnit {

    @Override
    Category category() {
        return Category.BLOCKING_IO;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(
                // a blocking HTTP call waits on a future inside the client: the call is what matters
                WaitRule.of(Category.BLOCKING_IO, WaitRule.LOOP, "HttpClient.send",
                        "jdk.internal.net.http.HttpClientImpl.send"),
                WaitRule.of(Category.BLOCKING_IO, WaitRule.API, "WatchService.take",
                        "sun.nio.fs.AbstractWatchService.take", "sun.nio.fs.AbstractWatchService.poll"),
                WaitRule.of(Category.BLOCKING_IO, WaitRule.CHANNEL, null,
                        "sun.nio.ch.*.*", "java.net.SocketInputStream.*", "java.net.SocketOutputStream.*",
                        "java.net.Socket*.*", "java.net.ServerSocket.*", "java.net.PlainSocketImpl.*",
                        "java.net.DualStackPlainSocketImpl.*", "java.net.TwoStacksPlainSocketImpl.*",
                        "java.net.AbstractPlainSocketImpl.*", "java.net.DatagramSocket*.*",
                        "java.net.PlainDatagramSocketImpl.*", "java.net.TwoStacksPlainDatagramSocketImpl.*",
                        "java.net.AbstractPlainDatagramSocketImpl.*", "sun.nio.fs.LinuxWatchService.*",
                        "java.io.FileInputStream.readBytes", "io.netty.channel.epoll.Native.*",
                        "io.netty.channel.kqueue.Native.*"));
    }

    @Override
    double strength(SiteReading r) {
        return 0.85;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.add(r.counted("wait") + " for I/O in " + r.label() + where(JdkFrames.text(r.waitingAt()))
                + (r.anyRunnable() ? " (RUNNABLE in a native wait that uses no CPU)." : "."));
    }

    @Override
    String genericFix() {
        return "Set timeouts on network calls (Socket.setSoTimeout, the client's read and connect timeouts, HttpClient"
                + " request timeouts) and close sockets when their owner is done.";
    }

    /** A client's own I/O threads, with no application frame on their stacks, are the library object's. */
    @Override
    boolean libraryObjectOwns(SiteReading r) {
        return noCaller(r);
    }

    private static boolean noCaller(SiteReading r) {
        return r.agreeing().stream().allMatch(w -> w.caller() == null);
    }

    @Override
    String fix(SiteReading r, String at) {
        boolean noCaller = noCaller(r);
        // a client's own I/O thread (an HttpClient selector) has no application frame: name where it started
        if (r.timedSocketWait()) {
            return "The socket call at " + at + " already has a timeout (SO_TIMEOUT), yet the threads stay: the code"
                    + " around it calls again after each timeout, or the peer keeps answering slowly. Close the socket"
                    + " when its owner is done and bound how long a connection may stay idle.";
        }
        String startedAt = noCaller ? r.facts().frame() : null;
        boolean dump = "dump".equals(r.facts().kind()); // the frame is where a dumped thread's work begins
        String l = r.label().toLowerCase(Locale.ROOT);
        if (l.contains("select") || l.contains("poll") && !l.contains("socket")) {
            return startedAt != null
                    ? "Close the client or selector whose thread " + (dump ? "runs " : "is started at ") + startedAt
                    + " when its owner is done (each open client keeps its own selector thread), or create one"
                    + " client and share it."
                    : "Close the selector or client whose event loop waits at " + at + " when its owner is done"
                    + " (each open client keeps its own selector thread), or share one client.";
        }
        if (l.contains("accept")) {
            return "Close the server socket that accepts at " + at + " when its owner stops, or give accept() a"
                    + " timeout (ServerSocket.setSoTimeout).";
        }
        if (l.contains("watch")) {
            return "Close the WatchService taken from at " + at + " when its owner is done, or poll it with a timeout.";
        }
        return "Set a read timeout for the call at " + at + " (Socket.setSoTimeout, the client's read and connect"
                + " timeouts, HttpClient request timeouts) or close the socket when its owner is done.";
    }
}
