package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Flyway created the schema at start-up (feature flyway): schema-generate is off, so the table
 * of Note exists only through db/migration/V1__create_note.sql, which Flyway recorded.
 */
@MicronautTest
class FlywayMigrationTest {

    @Inject
    DataSource dataSource;

    @Test
    void theMigrationRanAndIsRecorded() throws SQLException {
        List<String> applied = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT \"version\", \"script\", \"success\" FROM \"flyway_schema_history\""
                             + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                applied.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBoolean(3));
            }
        }
        assertEquals(List.of("1 V1__create_note.sql true"), applied);
    }
}
