package io.threadstorm.corpus.hikari;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.threadstorm.examples.Workload;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Misuse of HikariCP: every report builds its own connection pool to run one query and never closes it. Each pool
 * keeps its housekeeper thread (and its connections) forever.
 */
public class DataSourcePerCall {

    static void report(int n) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:reports" + n);
        config.setMaximumPoolSize(2);
        HikariDataSource pool = new HikariDataSource(config); // threadstorm:leak-site
        try (Connection c = pool.getConnection()) {
            c.createStatement().execute("select 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        Workload.parse(args).run(DataSourcePerCall::report);
    }
}
