package io.threadstorm.examples.timer;

import io.threadstorm.examples.Workload;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session manager that gives every login its own {@code java.util.Timer} to send keep-alive
 * pings; logout drops the session from the registry but never cancels the timer, so each ended
 * session leaves a "session-heartbeat-N" thread waiting in {@code TimerThread.mainLoop()} forever.
 * {@link FixedSessionManager} cancels the heartbeat on logout.
 */
public class LeakySessionManager {

    static final class Heartbeat {
        private final Timer timer;
        volatile long lastPing;

        Heartbeat(String sessionId) {
            this.timer = new Timer("session-heartbeat-" + sessionId, true); // threadstorm:leak-site
            timer.scheduleAtFixedRate(new TimerTask() {
                @Override
                public void run() {
                    lastPing = System.currentTimeMillis(); // would PING the client here
                }
            }, 1000, 1000);
        }
    }

    private final Map<String, Heartbeat> sessions = new ConcurrentHashMap<>();

    void login(String sessionId) {
        sessions.put(sessionId, new Heartbeat(sessionId));
    }

    void logout(String sessionId) {
        sessions.remove(sessionId); // the Heartbeat's timer thread keeps running
    }

    public static void main(String[] args) {
        LeakySessionManager manager = new LeakySessionManager();
        Deque<String> active = new ArrayDeque<>();
        Workload.parse(args).run(n -> {
            String sessionId = "s" + n;
            manager.login(sessionId);
            active.addLast(sessionId);
            while (active.size() > 4) { // sessions last about a second
                manager.logout(active.removeFirst());
            }
        });
    }
}
