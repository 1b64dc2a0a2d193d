package io.threadstorm.corpus.rxjava;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.threadstorm.examples.Workload;
import java.util.concurrent.TimeUnit;

/**
 * Misuse of RxJava: every watch request subscribes to a polling interval on the I/O scheduler and never disposes
 * of the subscription. Each one pins an I/O worker (a one-thread scheduled pool) that polls forever.
 */
public class IntervalNeverDisposed {

    static void watch(int n) {
        Observable.interval(200, TimeUnit.MILLISECONDS, Schedulers.io()) // threadstorm:leak-site
                .subscribe(tick -> { }); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        Workload.parse(args).run(IntervalNeverDisposed::watch);
    }
}
