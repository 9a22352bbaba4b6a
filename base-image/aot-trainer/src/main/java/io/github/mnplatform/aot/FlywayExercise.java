package io.github.mnplatform.aot;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.http.client.BlockingHttpClient;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Feature flyway: the migration ran when the context started (the framework work is done
 * there); each round checks that Flyway recorded it, as a service's first query would find its
 * tables.
 */
@Singleton
@Requires(classes = Flyway.class)
class FlywayExercise implements TrainingExercise {

    private final DataSource dataSource;

    FlywayExercise(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String feature() {
        return "flyway";
    }

    /** Micronaut Data's data source hands out the connection of a scope: this method opens one. */
    @Override
    @Connectable
    public void exercise(BlockingHttpClient http, int round) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select count(*) from \"flyway_schema_history\" where \"success\" and \"version\" = '1'")) {
            if (!rows.next() || rows.getInt(1) != 1) {
                throw new IllegalStateException("Flyway did not record migration V1 (db/migration/V1__training_note.sql)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Flyway's history table cannot be read: " + e.getMessage(), e);
        }
    }
}
