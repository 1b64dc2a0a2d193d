package io.threadstorm.it.apps;

/**
 * Starts threads from up to 4,096 distinct creation sites: a site is named by its first application frame and two
 * callers, and each of the three methods below calls on at one of 16 places (distinct bytecode indexes).
 */
public final class ManySites {

    private ManySites() {
    }

    /** Starts {@code task} as a daemon thread at site number {@code n} (0 to 4095). */
    public static void start(int n, Runnable task, String name) {
        outer(n >> 8 & 15, n >> 4 & 15, n & 15, task, name);
    }

    private static void outer(int a, int b, int c, Runnable task, String name) {
        switch (a) {
            case 0 -> middle(b, c, task, name);
            case 1 -> middle(b, c, task, name);
            case 2 -> middle(b, c, task, name);
            case 3 -> middle(b, c, task, name);
            case 4 -> middle(b, c, task, name);
            case 5 -> middle(b, c, task, name);
            case 6 -> middle(b, c, task, name);
            case 7 -> middle(b, c, task, name);
            case 8 -> middle(b, c, task, name);
            case 9 -> middle(b, c, task, name);
            case 10 -> middle(b, c, task, name);
            case 11 -> middle(b, c, task, name);
            case 12 -> middle(b, c, task, name);
            case 13 -> middle(b, c, task, name);
            case 14 -> middle(b, c, task, name);
            case 15 -> middle(b, c, task, name);
            default -> throw new IllegalArgumentException(String.valueOf(a));
        }
    }

    private static void middle(int b, int c, Runnable task, String name) {
        switch (b) {
            case 0 -> inner(c, task, name);
            case 1 -> inner(c, task, name);
            case 2 -> inner(c, task, name);
            case 3 -> inner(c, task, name);
            case 4 -> inner(c, task, name);
            case 5 -> inner(c, task, name);
            case 6 -> inner(c, task, name);
            case 7 -> inner(c, task, name);
            case 8 -> inner(c, task, name);
            case 9 -> inner(c, task, name);
            case 10 -> inner(c, task, name);
            case 11 -> inner(c, task, name);
            case 12 -> inner(c, task, name);
            case 13 -> inner(c, task, name);
            case 14 -> inner(c, task, name);
            case 15 -> inner(c, task, name);
            default -> throw new IllegalArgumentException(String.valueOf(b));
        }
    }

    private static void inner(int c, Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        switch (c) {
            case 0 -> t.start();
            case 1 -> t.start();
            case 2 -> t.start();
            case 3 -> t.start();
            case 4 -> t.start();
            case 5 -> t.start();
            case 6 -> t.start();
            case 7 -> t.start();
            case 8 -> t.start();
            case 9 -> t.start();
            case 10 -> t.start();
            case 11 -> t.start();
            case 12 -> t.start();
            case 13 -> t.start();
            case 14 -> t.start();
            case 15 -> t.start();
            default -> throw new IllegalArgumentException(String.valueOf(c));
        }
    }
}
