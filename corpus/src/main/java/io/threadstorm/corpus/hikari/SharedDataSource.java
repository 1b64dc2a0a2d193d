package io.threadstorm.corpus.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;

/**
 * Correct use of HikariCP under load: one pool of 8 connections for the service, 16 request threads ("report-N")
 * running 200 queries a second in all.
 */
public class SharedDataSource {

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:reports;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(8);
        HikariDataSource pool = new HikariDataSource(config);
        ExecutorService requests = Traffic.callers("report", 16);
        Workload load = Traffic.at(200, args);
        load.run(n -> {
            requests.execute(() -> {
                try (Connection c = pool.getConnection()) {
                    c.createStatement().execute("select " + n);
                } catch (SQLException e) {
                    System.err.println("query " + n + " failed: " + e);
                }
            });
            if (n == 1000) {
                Backend.printPoolThreads("report-");
            }
        });
    }
}
