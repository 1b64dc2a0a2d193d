package io.threadstorm.corpus.quartz;

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
 * Misuse of Quartz: every import request builds its own scheduler to run one job and never shuts it down. Each
 * leaves the scheduler thread and its three worker threads waiting in Quartz's own pool forever.
 */
public class SchedulerPerCall {

    public static class ImportJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    static void runImport(int n) {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "import-" + n);
        p.put("org.quartz.threadPool.threadCount", "3");
        p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        try {
            Scheduler scheduler = new StdSchedulerFactory(p).getScheduler(); // threadstorm:leak-site
            scheduler.start();
            scheduler.scheduleJob(JobBuilder.newJob(ImportJob.class).build(), TriggerBuilder.newTrigger().startNow()
                    .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        Workload.parse(args).run(SchedulerPerCall::runImport);
    }
}
