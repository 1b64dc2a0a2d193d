package io.threadstorm.examples.deadlock;

import io.threadstorm.examples.Workload;

/**
 * The same transfer service and the same pair of opposite transfers per request as
 * {@link LeakyTransferService}, but both accounts are always locked in account-id order, so the
 * second transfer simply waits for the first one and both threads finish.
 */
public class FixedTransferService {

    static final class Account {
        final long id;
        long balanceCents;

        Account(long id, long balanceCents) {
            this.id = id;
            this.balanceCents = balanceCents;
        }
    }

    static void transfer(Account from, Account to, long cents) {
        Account first = from.id < to.id ? from : to;
        Account second = first == from ? to : from;
        synchronized (first) {
            audit("debit " + from.id + " " + cents);
            synchronized (second) {
                from.balanceCents -= cents;
                to.balanceCents += cents;
            }
        }
    }

    static void audit(String entry) {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void submitTransfer(Account from, Account to, long cents, String requestId) {
        new Thread(() -> transfer(from, to, cents), "transfer-" + requestId).start();
    }

    public static void main(String[] args) {
        Workload.parse(args).run(n -> {
            Account checking = new Account(2L * n, 10_000), savings = new Account(2L * n + 1, 50_000);
            submitTransfer(checking, savings, 2_500, n + "a");
            submitTransfer(savings, checking, 1_000, n + "b");
        });
    }
}
