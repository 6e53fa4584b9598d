package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LegacyDatabaseTest {

    @Test
    void refusesToStartOnDataMadeWithoutPasswordsAndSaysHowToStartAfresh() throws IOException {
        Path state = Path.of("target/legacy-database-test").toAbsolutePath();
        Path data = state.resolve("postgres/data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postgresql.conf"), "# a database the devstack made before it used passwords\n");
        Files.deleteIfExists(state.resolve("postgres/superuser.password"));
        StackLayout layout = StackLayout.isolated(Path.of(".."), state);
        layout.createDirectories();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LegacyDatabase(layout).start());

        assertEquals("the database in " + data + " was made without password authentication (no "
                + state.resolve("postgres/superuser.password") + "); delete " + state.resolve("postgres")
                + " to make it afresh (mvn -B -pl devstack exec:exec@up -Ddevstack.command=reset deletes all of "
                + "the devstack's data)", e.getMessage());
    }
}
