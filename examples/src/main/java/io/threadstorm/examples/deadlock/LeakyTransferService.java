package io.threadstorm.examples.deadlock;

import io.threadstorm.examples.Workload;

/**
 * A funds-transfer service that locks the source account, writes an audit record, then locks the
 * target account. When a customer moves money checking-to-savings and savings-to-checking at the same
 * moment, the two transfer threads take the monitors in opposite order and deadlock for good.
 * {@link FixedTransferService} always locks the account with the lower id first.
 */
public class LeakyTransferService {

    static final class Account {
        final long id;
        long balanceCents;

        Account(long id, long balanceCents) {
            this.id = id;
            this.balanceCents = balanceCents;
        }
    }

    static void transfer(Account from, Account to, long cents) {
        synchronized (from) {
            audit("debit " + from.id + " " + cents);
            synchronized (to) {
                from.balanceCents -= cents;
                to.balanceCents += cents;
            }
        }
    }

    /** Writing the audit record takes a few milliseconds while the source account is locked. */
    static void audit(String entry) {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Transfers are executed asynchronously, one thread per transfer request. */
    static void submitTransfer(Account from, Account to, long cents, String requestId) {
        new Thread(() -> transfer(from, to, cents), "transfer-" + requestId).start(); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        Workload.parse(args).run(n -> {
            Account checking = new Account(2L * n, 10_000), savings = new Account(2L * n + 1, 50_000);
            submitTransfer(checking, savings, 2_500, n + "a");
            submitTransfer(savings, checking, 1_000, n + "b");
        });
    }
}
