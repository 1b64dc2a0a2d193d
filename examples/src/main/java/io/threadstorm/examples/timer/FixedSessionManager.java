package io.threadstorm.examples.timer;

import io.threadstorm.examples.Workload;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The same per-session heartbeat timers as {@link LeakySessionManager}, but logout closes the
 * heartbeat, which cancels its {@code Timer}, so the timer thread ends with the session and only
 * the few live sessions have a heartbeat thread.
 */
public class FixedSessionManager {

    static final class Heartbeat implements AutoCloseable {
        private final Timer timer;
        volatile long lastPing;

        Heartbeat(String sessionId) {
            this.timer = new Timer("session-heartbeat-" + sessionId, true);
            timer.scheduleAtFixedRate(new TimerTask() {
                @Override
                public void run() {
                    lastPing = System.currentTimeMillis();
                }
            }, 1000, 1000);
        }

        @Override
        public void close() {
            timer.cancel();
        }
    }

    private final Map<String, Heartbeat> sessions = new ConcurrentHashMap<>();

    void login(String sessionId) {
        sessions.put(sessionId, new Heartbeat(sessionId));
    }

    void logout(String sessionId) {
        Heartbeat heartbeat = sessions.remove(sessionId);
        if (heartbeat != null) {
            heartbeat.close();
        }
    }

    public static void main(String[] args) {
        FixedSessionManager manager = new FixedSessionManager();
        Deque<String> active = new ArrayDeque<>();
        Workload.parse(args).run(n -> {
            String sessionId = "s" + n;
            manager.login(sessionId);
            active.addLast(sessionId);
            while (active.size() > 4) {
                manager.logout(active.removeFirst());
            }
        });
    }
}
