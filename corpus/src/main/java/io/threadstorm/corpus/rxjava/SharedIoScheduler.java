package io.threadstorm.corpus.rxjava;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.concurrent.ExecutorService;

/**
 * Correct use of RxJava under load: 16 request threads ("lookup-N") run 200 blocking lookups a second (5-20 ms) on
 * the shared I/O scheduler, whose cached workers are reused as they come free.
 */
public class SharedIoScheduler {

    public static void main(String[] args) {
        ExecutorService requests = Traffic.callers("lookup", 16);
        Workload load = Traffic.at(200, args);
        load.run(n -> {
            requests.execute(() -> Single.fromCallable(() -> {
                Thread.sleep(5 + n % 16);
                return n;
            }).subscribeOn(Schedulers.io()).blockingGet());
            if (n == 1000) {
                Backend.printPoolThreads("RxCachedThreadScheduler");
            }
        });
    }
}
