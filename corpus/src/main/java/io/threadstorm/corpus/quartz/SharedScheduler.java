package io.threadstorm.corpus.quartz;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.Properties;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Correct use of Quartz under load: one scheduler with a pool of 16 workers for the whole service; 50 import jobs a
 * second, each 5-30 ms of work, are scheduled on it. It lives as long as the service.
 */
public class SharedScheduler {

    public static class ImportJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                Thread.sleep(5 + (context.getJobDetail().getKey().getName().hashCode() & 0x1f) % 26);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void main(String[] args) throws SchedulerException {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "imports");
        p.put("org.quartz.threadPool.threadCount", "16");
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        scheduler.start();
        Workload load = Traffic.at(50, args);
        load.run(n -> {
            try {
                scheduler.scheduleJob(JobBuilder.newJob(ImportJob.class).withIdentity("import-" + n).build(),
                        TriggerBuilder.newTrigger().startNow().build());
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
            if (n == 400) {
                Backend.printPoolThreads("imports_Worker");
            }
        });
    }
}
